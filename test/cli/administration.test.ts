import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorkspace, cliWorkspace, ISO_INSTANT, UUID, withoutInstants } from './cli-process.ts';

const SECRET = expect.stringMatching(/^[\w-]{43}$/);

describe('lifespan CLI: store, admin keys, tenants, clients, keys', () => {
  let cli: CliWorkspace;

  beforeAll(async () => {
    cli = await cliWorkspace();
  });
  afterAll(() => cli.remove());

  it('migrates a new database, then finds it up to date', async () => {
    expect(await cli.run(['migrate'])).toEqual({
      code: 0,
      stdout:
        'applied 0001-core\napplied 0002-accounts\napplied 0003-lifecycle\napplied 0004-live-refresh-index\napplied 0005-token-tables-without-rowid\napplied 0006-administrators\napplied 0007-issuance-counts\napplied 0008-revocation-feed\n',
      stderr: '',
    });
    expect(await cli.run(['migrate'])).toEqual({ code: 0, stdout: 'up to date\n', stderr: '' });
  });

  it('creates an admin key that authenticates and is listed without its secret', async () => {
    const created = await cli.json(['admin-key', 'create', '--name', 'ops']);
    expect(created).toEqual({
      id: UUID,
      name: 'ops',
      createdAt: ISO_INSTANT,
      key: expect.stringMatching(/^lsk_[\w-]{43}$/),
    });
    const { key, ...record } = created as { key: string };
    expect(await cli.withServices((services) => services.adminKeys.authenticate(key))).toBe('admin-key:ops');
    expect(await cli.json(['admin-key', 'list'])).toEqual([record]);
  });

  it('creates, lists and shows tenants', async () => {
    expect(await cli.json(['tenant', 'create', '--id', 'acme', '--name', 'Acme'])).toEqual({
      id: 'acme',
      parentId: null,
      name: 'Acme',
      policy: {},
      profile: {},
      externalProviders: [],
      notBefore: null,
      createdAt: ISO_INSTANT,
      updatedAt: ISO_INSTANT,
      warnings: [],
    });
    expect(await cli.run(['tenant', 'create', '--id', 'sub', '--name', 'Sub', '--parent', 'acme'])).toEqual({
      code: 0,
      stdout: 'Created tenant sub (Sub) under acme.\nNo warnings.\n',
      stderr: '',
    });
    const all = (await cli.json(['tenant', 'list'])) as { id: string; parentId: string | null }[];
    expect(all.map((t) => [t.id, t.parentId])).toEqual([
      ['acme', null],
      ['sub', 'acme'],
    ]);
    const shown = await cli.run(['tenant', 'show', 'sub']);
    expect(shown.code).toBe(0);
    expect(withoutInstants(shown.stdout)).toBe(
      [
        'id                 sub',
        'name               Sub',
        'parent             acme',
        'profile            -',
        'tokens not before  -',
        'created            <instant>',
        'updated            <instant>',
        'Policy:',
        '  nothing set: every setting is inherited',
        '',
      ].join('\n'),
    );
  });

  it('reports an unknown tenant on one line and exits 1', async () => {
    expect(await cli.run(['tenant', 'show', 'nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'lifespan: tenant nope does not exist\n',
    });
  });

  it('creates a client and prints its secret once; the secret authenticates', async () => {
    const created = await cli.json([
      'client',
      'create',
      '--tenant',
      'acme',
      '--id',
      'web',
      '--name',
      'Web',
      '--scope',
      'read',
      'write',
    ]);
    expect(created).toEqual({
      id: 'web',
      clientId: 'web',
      tenantId: 'acme',
      name: 'Web',
      grantTypes: ['client_credentials'],
      scopes: ['read', 'write'],
      redirectUris: [],
      postLogoutRedirectUris: [],
      firstParty: false,
      tokenEndpointAuthMethod: 'client_secret_basic',
      policy: {},
      notBefore: null,
      createdAt: ISO_INSTANT,
      updatedAt: ISO_INSTANT,
      warnings: [],
      clientSecret: SECRET,
    });
    const { clientSecret } = created as { clientSecret: string };
    const authenticated = await cli.withServices((services) =>
      services.clientAuthentication.authenticate({
        clientId: 'web',
        secret: clientSecret,
        method: 'client_secret_basic',
      }),
    );
    expect(authenticated.id).toBe('web');

    const listed = await cli.run(['client', 'list', '--tenant', 'acme']);
    expect(listed).toEqual({
      code: 0,
      stdout: [
        'CLIENT ID  TENANT  NAME  AUTH METHOD          GRANT TYPES         SCOPES',
        'web        acme    Web   client_secret_basic  client_credentials  read write',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('prints the secret in human output too, and names every field problem on failure', async () => {
    const created = await cli.run(['client', 'create', '--tenant', 'acme', '--id', 'api', '--name', 'API']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(
      /^Created client api \(API\) in tenant acme\.\n {2}client id {6}api\n {2}client secret {2}[\w-]{43}\nStore the secret now: it is shown only once\.\nNo warnings\.\n$/,
    );
    expect(
      await cli.run(['client', 'create', '--tenant', 'acme', '--name', 'Public', '--auth-method', 'none']),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'lifespan: the client registration is not valid\n  grantTypes: a public client cannot use client_credentials\n',
    });
  });

  it('lists the signing keys', async () => {
    expect(await cli.json(['keys', 'list'])).toEqual([
      {
        kid: expect.stringMatching(/^[\w-]{43}$/),
        algorithm: 'RS256',
        status: 'active',
        createdAt: ISO_INSTANT,
        activatesAt: ISO_INSTANT,
        retiredAt: null,
        publishedUntil: null,
        revokedAt: null,
      },
    ]);
  });

  it('rotates a key gracefully (successor published, old key still signing), then by revoke (old key withdrawn)', async () => {
    const [first] = (await cli.json(['keys', 'list'])) as Array<{ kid: string }>;
    const graceful = (await cli.json(['keys', 'rotate', '--mode', 'graceful'])) as Array<
      Record<string, unknown>
    >;
    expect(graceful.map(({ kid, status }) => ({ kid, status }))).toEqual([
      { kid: first?.kid, status: 'active' },
      { kid: expect.stringMatching(/^[\w-]{43}$/), status: 'next' },
    ]);
    const revoked = (await cli.json(['keys', 'rotate', '--mode', 'revoke'])) as Array<
      Record<string, unknown>
    >;
    expect(revoked.find((key) => key.kid === first?.kid)).toMatchObject({
      status: 'revoked',
      revokedAt: ISO_INSTANT,
    });
    expect(revoked.filter((key) => key.status === 'active')).toHaveLength(1);
    expect(await cli.run(['keys', 'rotate', '--mode', 'sideways'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'lifespan: --mode must be graceful or revoke\n',
    });
  });

  it('refuses a bad configuration with its message and exit code 1', async () => {
    const result = await cli.run(['keys', 'list'], { LOG_LEVEL: 'loud' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^lifespan: configuration error: LOG_LEVEL: "loud" is not valid: .*\n$/);
    expect(await cli.run(['keys', 'list'], { DATABASE_URL: 'mysql://db' })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'lifespan: unsupported DATABASE_URL "mysql://db": expected sqlite:PATH or postgres://…\n',
    });
  });
});
