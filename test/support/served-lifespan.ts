import { createServer } from 'node:net';
import { type TestLifespan, testLifespan } from './lifespan.ts';

export interface ServedLifespan {
  lifespan: TestLifespan;
  /** The issuer, which is also where the server listens: http://127.0.0.1:<port>. */
  issuer: string;
}

/** A free loopback port: the issuer must name the port before the server is built. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A real Lifespan listening on loopback, with a manual clock, whose issuer is its own address. */
export async function servedLifespan(env: Record<string, string> = {}): Promise<ServedLifespan> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const lifespan = await testLifespan({ ISSUER: issuer, ...env });
  await lifespan.app.listen({ host: '127.0.0.1', port });
  return { lifespan, issuer };
}
