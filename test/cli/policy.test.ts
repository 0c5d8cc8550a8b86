import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../../src/domain/policy/settings.ts';
import { type CliWorkspace, cliWorkspace, ISO_INSTANT } from './cli-process.ts';

interface PolicyVersionJson {
  version: number;
  actor: string;
  at: string;
  before: object;
}

const ADMIN_WARNING = {
  setting: 'accessTokenTtl',
  message: 'access tokens live longer than 1 hour; keep them between 15 minutes and 1 hour',
  source: { level: 'subjectClass', id: 'admin', owner: { level: 'tenant', id: 'acme' } },
  subjectClasses: ['admin'],
};

describe('lifespan CLI: policies', () => {
  let cli: CliWorkspace;

  beforeAll(async () => {
    cli = await cliWorkspace();
    await cli.withServices(async (services) => {
      await services.tenants.create({ id: 'acme', name: 'Acme' }, 'test');
      await services.clients.create({ id: 'web', tenantId: 'acme', name: 'Web' }, 'test');
    });
  });
  afterAll(() => cli.remove());

  it('sets values at a level, merged into its document, and prints the saved document with its warnings', async () => {
    const result = await cli.run([
      'policy',
      'set',
      '--tenant',
      'acme',
      'accessTokenTtl=15m',
      'max.accessTokenTtl=1d',
      'subjectClasses.admin.accessTokenTtl=8h',
      'invalidateOnChange=true',
    ]);
    expect(result).toEqual({
      code: 0,
      stdout: [
        'Saved. Policy of tenant acme (policy version 2):',
        '  accessTokenTtl                       15m',
        '  max.accessTokenTtl                   1d',
        '  subjectClasses.admin.accessTokenTtl  8h',
        '  invalidateOnChange                   true',
        'Warnings:',
        '  accessTokenTtl: access tokens live longer than 1 hour; keep them between 15 minutes and 1 hour ' +
          '(admin tokens; set by subject class admin of tenant acme)',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('shows the stored document as JSON', async () => {
    expect(await cli.json(['policy', 'show', '--tenant', 'acme'])).toEqual({
      policy: {
        accessTokenTtl: 900,
        max: { accessTokenTtl: 86_400 },
        subjectClasses: { admin: { accessTokenTtl: 28_800 } },
        invalidateOnChange: true,
      },
      version: 2,
      warnings: [ADMIN_WARNING],
    });
  });

  it('lints a level: warnings only, exit 0', async () => {
    expect(await cli.json(['policy', 'lint', '--tenant', 'acme'])).toEqual([ADMIN_WARNING]);
  });

  it('refuses a combination that breaks a constraint, naming the fields, and saves nothing', async () => {
    const result = await cli.run([
      'policy',
      'set',
      '--tenant',
      'acme',
      'refreshTokenTtl=1h',
      'accessTokenTtl=2h',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const [headline, ...problems] = result.stderr.trimEnd().split('\n');
    expect(headline).toBe('lifespan: the policy breaks a lifetime constraint');
    expect(problems.map((line) => line.split(':')[0])).toEqual([
      '  refreshTokenTtl',
      '  accessTokenTtl',
      '  subjectClasses.admin.accessTokenTtl',
    ]);
    expect(problems[0]).toBe(
      '  refreshTokenTtl: the refresh token lifetime (1h, from tenant acme) must not be shorter than the ' +
        'access token lifetime (2h, from tenant acme) for user tokens',
    );
    const { policy } = await cli.withServices((services) =>
      services.policies.view({ level: 'tenant', id: 'acme' }),
    );
    expect(policy.accessTokenTtl).toBe(900);
  });

  it('refuses an argument that is not KEY=VALUE', async () => {
    expect(await cli.run(['policy', 'set', '--tenant', 'acme', 'accessTokenTtl'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'lifespan: "accessTokenTtl" is not KEY=VALUE (use KEY= to unset a key)\n',
    });
  });

  it('explains where a value set at the tenant comes from', async () => {
    const explained = (await cli.json(['policy', 'explain', '--client', 'web'])) as {
      settings: Record<string, unknown>;
    };
    expect(explained).toMatchObject({
      context: { clientId: 'web', subjectClass: 'user', scopes: [] },
      version: 2,
    });
    expect(explained.settings.accessTokenTtl).toEqual({
      value: 900,
      source: { level: 'tenant', id: 'acme' },
      ceiling: { value: 86_400, source: { level: 'tenant', id: 'acme' } },
    });
    expect(explained.settings.refreshTokenTtl).toEqual({ value: 2_592_000, source: { level: 'default' } });
  });

  it('explains as a table naming the ceiling that clamped a value', async () => {
    const service = await cli.run(['policy', 'set', 'max.accessTokenTtl=30m']);
    expect(service.code).toBe(0);
    expect(service.stdout.split('\n')[0]).toBe('Saved. The service policy (policy version 3):');

    const result = await cli.run(['policy', 'explain', '--tenant', 'acme', '--subject-class', 'admin']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Effective policy for tenant acme, admin tokens (policy version 3):',
      '  SETTING                        VALUE     SOURCE                              CLAMPED BY',
      '  accessTokenTtl                 30m       subject class admin of tenant acme  the service policy',
      '  refreshTokenTtl                30d       the built-in default                -',
    ]);
    expect(lines).toHaveLength(SETTING_NAMES.length + 2);
  });

  it('applies a preset, keeping the rest of the document; invalidateOnChange ends current tokens', async () => {
    expect(await cli.json(['policy', 'set', '--tenant', 'acme', '--preset', 'api-only'])).toEqual({
      policy: {
        accessTokenTtl: 3600,
        max: { accessTokenTtl: 86_400 },
        subjectClasses: { admin: { accessTokenTtl: 28_800 } },
        invalidateOnChange: true,
        refreshTokenEnabled: false,
      },
      version: 4,
      warnings: [
        {
          setting: 'accessTokenTtl',
          message: 'accessTokenTtl is lowered to 30m by the ceiling of the service policy',
          source: { level: 'tenant', id: 'acme' },
          subjectClasses: ['user', 'anonymous', 'service'],
        },
        {
          setting: 'accessTokenTtl',
          message: 'accessTokenTtl is lowered to 30m by the ceiling of the service policy',
          source: { level: 'subjectClass', id: 'admin', owner: { level: 'tenant', id: 'acme' } },
          subjectClasses: ['admin'],
        },
      ],
    });
    const tenant = await cli.withServices((services) => services.tenants.get('acme'));
    expect(tenant.notBefore).not.toBeNull();
  });

  it('unsets keys with KEY= and records every change under the cli actor', async () => {
    const saved = await cli.json([
      'policy',
      'set',
      '--tenant',
      'acme',
      'max.accessTokenTtl=',
      'subjectClasses.admin.accessTokenTtl=',
    ]);
    expect(saved).toEqual({
      policy: { accessTokenTtl: 3600, invalidateOnChange: true, refreshTokenEnabled: false },
      version: 5,
      // the service's 30 min ceiling (set above) still lowers the tenant's hour
      warnings: [
        {
          setting: 'accessTokenTtl',
          message: 'accessTokenTtl is lowered to 30m by the ceiling of the service policy',
          source: { level: 'tenant', id: 'acme' },
          subjectClasses: ['user', 'admin', 'anonymous', 'service'],
        },
      ],
    });
    const history = (await cli.json(['policy', 'history', '--tenant', 'acme'])) as PolicyVersionJson[];
    expect(history.map(({ version, actor, at }) => ({ version, actor, at }))).toEqual(
      [5, 4, 2].map((version) => ({ version, actor: 'cli', at: ISO_INSTANT })),
    );
    expect(history[0]?.before).toEqual({
      accessTokenTtl: 3600,
      max: { accessTokenTtl: 86_400 },
      subjectClasses: { admin: { accessTokenTtl: 28_800 } },
      invalidateOnChange: true,
      refreshTokenEnabled: false,
    });
  });
});
