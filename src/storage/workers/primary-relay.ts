import cluster, { type Worker } from 'node:cluster';
import type { Announcement } from '../announcement.ts';
import { isWorkerMessage, type PrimaryMessage } from './relay-messages.ts';

/**
 * How long a change waits at most for a worker that does not answer (stuck, or dying): the announcing request
 * is answered then, and the silent worker still sees the change by polling (CHANGE_POLL_INTERVAL).
 */
const DELIVERY_BOUND_MS = 5_000;

/**
 * `serve --workers N` without Redis: the primary relays each worker's changes (configuration, not-before,
 * revoked opaque tokens) to every other worker over the cluster's IPC channel, and answers the announcing
 * worker once they have all applied it. The worker's request waits for that answer, so when a revocation or a
 * policy change is answered, no worker of the machine serves the old state any more.
 */
export function relayBetweenWorkers(bound = DELIVERY_BOUND_MS): void {
  const joined = new Set<Worker>();
  const pending = new Map<number, (worker: Worker) => void>();
  let lastId = 0;

  const deliver = (origin: Worker, originId: number, announcement: Announcement) => {
    const id = ++lastId;
    const waiting = new Set<Worker>();
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      pending.delete(id);
      send(origin, { relay: 'delivered', id: originId });
    };
    const answered = (worker: Worker) => {
      if (waiting.delete(worker) && waiting.size === 0) finish();
    };
    for (const worker of joined) {
      if (worker === origin) continue;
      waiting.add(worker);
      // a worker the message cannot reach (it is ending) has nothing left to serve: it counts as answered
      send(worker, { relay: 'apply', id, announcement }, () => answered(worker));
    }
    if (waiting.size === 0) return finish();
    pending.set(id, answered);
    timer = setTimeout(finish, bound);
  };

  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isWorkerMessage(message)) return;
    if (message.relay === 'join') {
      joined.add(worker);
      send(worker, { relay: 'joined' });
    } else if (message.relay === 'announce') {
      deliver(worker, message.id, message.announcement);
    } else {
      pending.get(message.id)?.(worker);
    }
  });
  cluster.on('exit', (worker: Worker) => {
    joined.delete(worker);
    for (const answered of [...pending.values()]) answered(worker);
  });
}

function send(worker: Worker, message: PrimaryMessage, unreachable: () => void = () => undefined): void {
  if (!worker.isConnected()) {
    unreachable();
    return;
  }
  try {
    worker.send(message, undefined, (error: Error | null) => {
      if (error) unreachable();
    });
  } catch {
    unreachable();
  }
}
