/**
 * Jobs submitted in the same turn of the event loop, handled together. For writes this is group commit: one
 * transaction for the batch, and each caller still waits for its own job to be committed, so nothing is
 * answered before it is durable; but under load one commit (one WAL write on SQLite, one round trip on
 * PostgreSQL) serves many requests instead of one. For reads, one read transaction serves the batch. Used for
 * opaque access-token inserts, refresh-token lookups and rotations; measured by `npm run bench` (client
 * credentials with opaque tokens, and the refresh grant).
 *
 * `handle` answers one result per job, in order. If it fails, every job of the batch fails with its error.
 */
export class TurnBatch<Job, Result> {
  private pending: Array<{ job: Job; resolve: (result: Result) => void; reject: (error: unknown) => void }> =
    [];
  private scheduled = false;

  constructor(
    private readonly handle: (jobs: Job[]) => Promise<Result[]>,
    private readonly maxBatch = 256,
  ) {}

  submit(job: Job): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.pending.push({ job, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.handle(batch.map((entry) => entry.job)).then(
      (results) => {
        batch.forEach((entry, index) => {
          entry.resolve(results[index] as Result);
        });
      },
      (error: unknown) => {
        for (const entry of batch) entry.reject(error);
      },
    );
  }
}
