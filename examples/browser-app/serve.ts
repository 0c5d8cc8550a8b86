// The example's own server: serves the page and its script (bundled with esbuild on start) on loopback.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';

const HERE = import.meta.dirname;

export interface ExampleApp {
  /** The page's origin, e.g. http://127.0.0.1:5173: give it to Lifespan's CORS_ORIGINS. */
  origin: string;
  close(): Promise<void>;
}

export async function startExampleApp(port: number, host = '127.0.0.1'): Promise<ExampleApp> {
  const bundle = await build({
    entryPoints: [join(HERE, 'app.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
  });
  const files: Record<string, { type: string; body: string | Uint8Array }> = {
    '/': { type: 'text/html; charset=utf-8', body: readFileSync(join(HERE, 'index.html'), 'utf8') },
    '/app.js': { type: 'text/javascript; charset=utf-8', body: bundle.outputFiles[0]?.contents ?? '' },
    '/app.css': { type: 'text/css; charset=utf-8', body: readFileSync(join(HERE, 'app.css'), 'utf8') },
  };
  const server: Server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://x').pathname];
    if (!file || request.method !== 'GET') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    origin: `http://${host}:${actual}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] === import.meta.filename) {
  const app = await startExampleApp(Number(process.env.APP_PORT ?? 5173));
  const issuer = process.env.ISSUER ?? 'http://127.0.0.1:8080';
  console.log(`example app: ${app.origin}/?issuer=${encodeURIComponent(issuer)}&client_id=app`);
  console.log(`(start Lifespan with CORS_ORIGINS=${app.origin}; see README.md)`);
}
