import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_TENANT_ID } from '../../src/domain/admin/built-ins.ts';
import { type CliWorkspace, cliWorkspace, ISO_INSTANT, UUID } from './cli-process.ts';

const ISSUER = { ISSUER: 'http://127.0.0.1:8080' };

describe('lifespan CLI: console administrators', () => {
  let cli: CliWorkspace;
  beforeAll(async () => {
    cli = await cliWorkspace();
  });
  afterAll(() => cli.remove());

  it('creates the first administrator with a password made and shown once, and says where to sign in', async () => {
    const created = await cli.run(['admin', 'create', '--username', 'root'], ISSUER);
    expect(created.code).toBe(0);
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(
      /^Created administrator root \(the whole service\)\.\nPassword \(shown only once\): [\w-]{24}\nSign in at http:\/\/127\.0\.0\.1:8080\/console\/\n$/,
    );
    const password = created.stdout.match(/: ([\w-]{24})\n/)?.[1] ?? '';
    const user = await cli.withServices(async (services) => {
      const [root] = await services.users.list({ tenantId: SERVICE_TENANT_ID, limit: 10 });
      const client = await services.repositories.clients.get('_lifespan-console');
      return {
        root,
        client,
        verified:
          root &&
          (await services.passwordLogin.authenticate(SERVICE_TENANT_ID, 'root', password, 'cli-test', {
            actor: 'test',
          })),
      };
    });
    expect(user.root).toMatchObject({ username: 'root', subjectClass: 'admin', administers: null });
    expect(user.verified?.id).toBe(user.root?.id);
    expect(user.client).toMatchObject({
      tenantId: SERVICE_TENANT_ID,
      tokenEndpointAuthMethod: 'none',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1:8080/console/callback', 'http://localhost:8080/console/callback'],
    });
  });

  it('creates a tenant administrator with a password from standard input', async () => {
    await cli.run(['tenant', 'create', '--id', 'acme', '--name', 'Acme']);
    const created = await cli.run(
      ['admin', 'create', '--username', 'alice', '--tenant', 'acme', '--password-stdin', '--json'],
      ISSUER,
      'correct horse battery staple\n',
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({
      id: UUID,
      tenantId: SERVICE_TENANT_ID,
      username: 'alice',
      subjectClass: 'admin',
      hasPassword: true,
      validUntil: null,
      profile: {},
      policy: {},
      accessNotBefore: null,
      refreshNotBefore: null,
      lockedForSecurityReasons: false,
      lockedUntil: null,
      administers: 'acme',
      createdAt: ISO_INSTANT,
      updatedAt: ISO_INSTANT,
      console: 'http://127.0.0.1:8080/console/',
    });
    const listed = await cli.run(['admin', 'list']);
    expect(listed.stdout).toMatch(/root +\(the whole service\)/);
    expect(listed.stdout).toMatch(/alice +acme/);
  });

  it('refuses a tenant that does not exist, naming the field', async () => {
    const refused = await cli.run(['admin', 'create', '--username', 'eve', '--tenant', 'nowhere'], ISSUER);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: 'lifespan: the user is not valid\n  administers: tenant nowhere does not exist\n',
    });
  });
});
