/** `lifespan serve` without LIFESPAN_ADMIN_KEY and without any stored admin key. */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startServer } from '../support/server-process.ts';

const HINT =
  'no admin key: create one with `npx lifespan admin-key create --name ops` to use the management API';

describe('starting without an admin key', () => {
  it('says how to create one with the CLI, and the management API refuses every key until then', async () => {
    const server = await startServer({ LIFESPAN_ADMIN_KEY: '' });
    try {
      for (let waited = 0; waited < 50 && !server.output().includes(HINT); waited++) await sleep(100);
      const lines = server
        .output()
        .split('\n')
        .filter((line) => line.includes('admin key'))
        .map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(lines).toEqual([expect.objectContaining({ level: 40, msg: HINT })]);
      const refused = await fetch(`${server.baseUrl}/admin/v1/tenants`, {
        headers: { authorization: `Bearer ${server.adminKey}` },
      });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    } finally {
      await server.stop();
    }
  });
});
