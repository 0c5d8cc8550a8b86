/** `lifespan serve` as `npm start` runs it: the console is built, served, and the start-up hint says how to sign in. */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CONSOLE_SECURITY_HEADERS } from '../../src/http/console/console-routes.ts';
import { startServer } from '../support/server-process.ts';

describe('starting the server serves the console', () => {
  it('answers /console/ from the same process and port, and says how to create the first administrator', async () => {
    const server = await startServer();
    try {
      const hint = `no administrator yet: create one with \`npx lifespan admin create --username <name>\`, then sign in at ${server.baseUrl}/console/`;
      for (let waited = 0; waited < 50 && !server.output().includes('no administrator'); waited++)
        await sleep(100);
      const lines = server
        .output()
        .split('\n')
        .filter((line) => line.includes('no administrator'))
        .map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(lines).toEqual([expect.objectContaining({ level: 40, msg: hint })]);

      const page = await fetch(`${server.baseUrl}/console/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS))
        expect(page.headers.get(name)).toBe(value);
      expect(await page.text()).toContain('<title>Lifespan console</title>');
      const discovery = (await (
        await fetch(`${server.baseUrl}/.well-known/openid-configuration`)
      ).json()) as {
        issuer: string;
      };
      expect(discovery.issuer).toBe(server.baseUrl);
    } finally {
      await server.stop();
    }
  });
});
