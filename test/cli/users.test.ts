import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorkspace, cliWorkspace, ISO_INSTANT } from './cli-process.ts';

/** `lifespan user`: list, show, and unlock after a brute-force lock (seed 004). */
describe('lifespan CLI: users', () => {
  let cli: CliWorkspace;
  let userId: string;
  let lockedUntil: string;

  beforeAll(async () => {
    cli = await cliWorkspace();
    expect((await cli.run(['migrate'])).code).toBe(0);
    userId = await cli.withServices(async (services) => {
      await services.tenants.create(
        { id: 'acme', name: 'Acme', policy: { deviceMaxFailures: 1, userMaxDeviceLocks: 1 } },
        'test',
      );
      const { user } = await services.users.create({
        tenantId: 'acme',
        username: 'alice',
        password: 'correct horse battery',
      });
      // one failure locks the device, one device lock locks the user
      await expect(
        services.passwordLogin.authenticate('acme', 'alice', 'wrong', 'device-1', { actor: 'test' }),
      ).rejects.toThrow();
      const lock = await services.users.lock(user);
      if (!lock) throw new Error('the user should be locked');
      lockedUntil = new Date(lock.lockedUntil).toISOString();
      return user.id;
    });
  });
  afterAll(() => cli.remove());

  const expectedUser = (locked: boolean) => ({
    id: userId,
    tenantId: 'acme',
    username: 'alice',
    subjectClass: 'user',
    hasPassword: true,
    validUntil: null,
    profile: {},
    policy: {},
    accessNotBefore: ISO_INSTANT,
    refreshNotBefore: ISO_INSTANT,
    lockedForSecurityReasons: locked,
    lockedUntil: locked ? lockedUntil : null,
    administers: null,
    createdAt: ISO_INSTANT,
    updatedAt: ISO_INSTANT,
  });

  it('lists and shows a locked user with lockedUntil', async () => {
    expect(await cli.json(['user', 'list', '--tenant', 'acme'])).toEqual([expectedUser(true)]);
    expect(await cli.json(['user', 'list', '--tenant', 'other'])).toEqual([]);
    expect(await cli.json(['user', 'show', userId])).toEqual(expectedUser(true));
    const shown = await cli.run(['user', 'show', userId]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`locked             yes, until ${lockedUntil}\n`);
  });

  it('unlocks the user: shown unlocked, audited with the CLI as actor, and the password works again', async () => {
    expect(await cli.json(['user', 'unlock', userId])).toEqual(expectedUser(false));
    const after = await cli.withServices(async (services) => ({
      user: await services.passwordLogin.authenticate('acme', 'alice', 'correct horse battery', 'device-1', {
        actor: 'test',
      }),
      audit: await services.audit.query({ limit: 10, action: 'user.unlocked' }),
    }));
    expect(after.user.id).toBe(userId);
    expect(after.audit.map((event) => [event.actor, event.action, event.outcome, event.subject])).toEqual([
      ['cli', 'user.unlocked', 'success', userId],
    ]);
  });

  it('an unknown user is an error on stderr with exit code 1', async () => {
    expect(await cli.run(['user', 'show', 'nobody'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'lifespan: user nobody does not exist\n',
    });
  });
});
