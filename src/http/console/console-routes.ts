import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import staticFiles from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorPage } from '../pages/html.ts';

/**
 * The console's pages run only the server's own scripts and styles: no inline code, no other origin, never in
 * a frame (clickjacking), nothing sniffed, no referrer (an authorization code in the callback's query stays
 * here). CSP Level 3; `form-action` and `base-uri` are not covered by default-src, so they are named.
 */
export const CONSOLE_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; " +
    "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
} as const;

/** Built file names carry a hash of their content: they never change, so browsers may keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built console at /console/: its files, and its one page for every other address below it (the
 * console routes in the browser). Without a build, every address answers a page that says how to get one.
 */
export async function registerConsole(app: FastifyInstance, assets: string | undefined): Promise<void> {
  await app.register(
    async (consoleApp) => {
      consoleApp.addHook('onSend', async (request, reply, payload) => {
        // an error page keeps the policy it was made with (its own inline style)
        for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) {
          if (!reply.hasHeader(name)) reply.header(name, value);
        }
        const hashed = request.url.startsWith('/console/assets/') && reply.statusCode === 200;
        reply.header('cache-control', hashed ? IMMUTABLE : 'no-cache');
        return payload;
      });
      if (assets === undefined) {
        consoleApp.get('/*', async (_request, reply) =>
          errorPage(reply, 503, 'The console is not built. Start the server with `npm start` to build it.'),
        );
        return;
      }
      const page = await readFile(join(assets, 'index.html'), 'utf8');
      await consoleApp.register(staticFiles, {
        root: assets,
        prefix: '/',
        index: false,
        cacheControl: false,
        etag: true,
        lastModified: false,
        // index.html is answered by the page route below, for every address of the console
        allowedPath: (path) => path !== '/index.html',
      });
      const sendPage = (reply: FastifyReply) => reply.code(200).type('text/html; charset=utf-8').send(page);
      consoleApp.get('/', async (_request, reply) => sendPage(reply));
      consoleApp.setNotFoundHandler(async (request, reply) => {
        // a missing file is a 404; any other address is a page of the console's own routing
        const last = request.url.split('?')[0]?.split('/').at(-1) ?? '';
        if (request.method === 'GET' && !last.includes('.')) return sendPage(reply);
        return errorPage(reply, 404, 'There is no such file in the console.');
      });
    },
    { prefix: '/console' },
  );
}
