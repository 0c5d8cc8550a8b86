/**
 * A second SQLite connection in a worker thread: what another server process sharing the database file has.
 * better-sqlite3 is synchronous, so two connections in one thread would block each other in the busy handler;
 * in a thread of its own this connection contends with the test's exactly as another process would.
 * Started by `backends.ts`; answers repository calls posted to it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../src/storage/sql/database.ts';
import { type Repositories, sqlRepositories } from '../../src/storage/sql/repositories.ts';

export type PeerRequest =
  | { kind: 'call'; id: number; repository: string; method: string; args: unknown[] }
  | { kind: 'close' };

export type PeerReply =
  | { kind: 'ready' }
  | { kind: 'closed' }
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'failure'; id: number; name: string; message: string; code: unknown };

type Methods = Record<string, ((...args: unknown[]) => Promise<unknown>) | undefined>;

const port = parentPort;
if (port) {
  const { url } = workerData as { url: string };
  const database = openDatabase(url);
  const repositories = sqlRepositories(database);
  const reply = (message: PeerReply) => port.postMessage(message);
  port.on('message', async (request: PeerRequest) => {
    if (request.kind === 'close') {
      await database.close();
      reply({ kind: 'closed' });
      port.close();
      return;
    }
    try {
      const methods = repositories[request.repository as keyof Repositories] as unknown as Methods;
      const call = methods[request.method];
      if (!call) throw new Error(`no method ${request.repository}.${request.method}`);
      reply({ kind: 'result', id: request.id, value: await call.apply(methods, request.args) });
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      const code =
        typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
      reply({ kind: 'failure', id: request.id, name, message, code });
    }
  });
  reply({ kind: 'ready' });
}
