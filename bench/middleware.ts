// `npm run bench:middleware`: @lifespan/resource-server against bare jose in the same run, and the revocation
// feed's propagation time, against a real Lifespan listening on loopback in this process. See bench/README.md.
import { parseArgs } from 'node:util';
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from 'jose';
import { createResourceServer, type ResourceServer } from '../packages/resource-server/src/index.ts';
import { loadConfig } from '../src/config/load.ts';
import { buildLifespan, type Lifespan } from '../src/main.ts';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const USAGE = `usage: npm run bench:middleware -- [--duration S] [--runs N] [--revocations N]
  --duration S      seconds per timed loop (default 3)
  --runs N          interleaved runs of each loop; the median is reported (default 3)
  --revocations N   revocations whose propagation is timed (default 100)`;

interface Options {
  durationMs: number;
  runs: number;
  revocations: number;
}

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '3' },
      runs: { type: 'string', default: '3' },
      revocations: { type: 'string', default: '100' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const positive = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`--${name} must be a positive number\n${USAGE}`);
    return value;
  };
  return {
    durationMs: positive('duration', values.duration) * 1000,
    runs: Math.round(positive('runs', values.runs)),
    revocations: Math.round(positive('revocations', values.revocations)),
  };
}

/** Calls `work` back to back for `ms`; the rate and the CPU microseconds per call of this process. */
async function timed(ms: number, work: () => Promise<unknown>): Promise<{ rate: number; cpuUs: number }> {
  for (let n = 0; n < 2000; n++) await work(); // warm-up: JIT, caches
  const cpu = process.cpuUsage();
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < ms) {
    for (let n = 0; n < 200; n++) await work();
    count += 200;
  }
  const elapsed = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { rate: (count / elapsed) * 1000, cpuUs: (used.user + used.system) / count };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

async function startLifespan(): Promise<{ lifespan: Lifespan; issuer: string }> {
  // the issuer must name the port: listen on a fixed free loopback port found by the OS first
  const probe = await import('node:net').then(
    (net) =>
      new Promise<number>((resolve) => {
        const server = net.createServer().listen(0, '127.0.0.1', () => {
          const address = server.address();
          server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
        });
      }),
  );
  const issuer = `http://127.0.0.1:${probe}`;
  const config = loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    LIFESPAN_ADMIN_KEY: ADMIN_KEY,
    ISSUER: issuer,
    JWT_ALGORITHM: 'ES256',
    LOG_LEVEL: 'warn',
  });
  const lifespan = await buildLifespan(config, { logger: false });
  await lifespan.app.listen({ host: '127.0.0.1', port: probe });
  return { lifespan, issuer };
}

async function call(issuer: string, path: string, init: RequestInit): Promise<Record<string, unknown>> {
  const response = await fetch(`${issuer}${path}`, init);
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${text}`);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

const admin = (issuer: string, method: string, path: string, body: unknown) =>
  call(issuer, path, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { lifespan, issuer } = await startLifespan();
  let server: ResourceServer | undefined;
  try {
    await admin(issuer, 'POST', '/admin/v1/tenants', { id: 'bench', name: 'Bench' });
    const api = await admin(issuer, 'POST', '/admin/v1/clients', {
      id: 'orders-api',
      tenantId: 'bench',
      name: 'Orders API',
      scopes: ['lifespan:revocations'],
    });
    const app = await admin(issuer, 'POST', '/admin/v1/clients', {
      id: 'orders-client',
      tenantId: 'bench',
      name: 'Orders client',
      scopes: ['read'],
    });
    const opaqueApp = await admin(issuer, 'POST', '/admin/v1/clients', {
      id: 'opaque-client',
      tenantId: 'bench',
      name: 'Opaque client',
      scopes: ['read'],
      policy: { accessTokenFormat: 'opaque' },
    });
    const token = async (id: string, secret: unknown): Promise<string> => {
      const body = await call(issuer, '/oauth2/token', {
        method: 'POST',
        headers: {
          authorization: basic(id, String(secret)),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials&scope=read',
      });
      return String(body.access_token);
    };
    const jwt = await token('orders-client', app.clientSecret);
    const opaque = await token('opaque-client', opaqueApp.clientSecret);
    const apiSecret = String(api.clientSecret);

    server = createResourceServer({
      issuer,
      audience: ['orders-client', 'opaque-client'],
      algorithms: ['ES256'],
      introspection: { clientId: 'orders-api', clientSecret: apiSecret },
      revocationFeed: { clientId: 'orders-api', clientSecret: apiSecret },
    });
    const rs = server;
    while (!rs.revocationFeedStatus()?.connected) await new Promise((resolve) => setTimeout(resolve, 20));
    const jwks = (await call(issuer, '/oauth2/jwks', {})) as unknown as JSONWebKeySet;
    const localKeys = createLocalJWKSet(jwks);
    const bare = async () => {
      await jwtVerify(jwt, localKeys, {
        issuer,
        audience: 'orders-client',
        algorithms: ['ES256'],
        typ: 'at+jwt',
      });
    };
    const withFeed = async () => {
      const result = await rs.verifyToken(jwt);
      if (!result.ok) throw new Error(`refused: ${result.description}`);
    };
    const cachedOpaque = async () => {
      const result = await rs.verifyToken(opaque);
      if (!result.ok) throw new Error(`refused: ${result.description}`);
    };

    const results = { bare: [] as number[], feed: [] as number[], opaque: [] as number[] };
    const cpu = { bare: [] as number[], feed: [] as number[], opaque: [] as number[] };
    for (let run = 1; run <= options.runs; run++) {
      for (const [name, work] of [
        ['bare', bare],
        ['feed', withFeed],
        ['opaque', cachedOpaque],
      ] as const) {
        const { rate, cpuUs } = await timed(options.durationMs, work);
        results[name].push(rate);
        cpu[name].push(cpuUs);
        console.log(
          `[run ${run}] ${name}: ${Math.round(rate).toLocaleString('en')}/s, ${cpuUs.toFixed(1)} µs CPU`,
        );
      }
    }

    // propagation: from the start of an RFC 7009 revocation to the middleware refusing the token
    const delays: number[] = [];
    for (let n = 0; n < options.revocations; n++) {
      const victim = await token('orders-client', app.clientSecret);
      const accepted = await rs.verifyToken(victim);
      if (!accepted.ok) throw new Error(`a fresh token was refused: ${accepted.description}`);
      const start = performance.now();
      await call(issuer, '/oauth2/revoke', {
        method: 'POST',
        headers: {
          authorization: basic('orders-client', String(app.clientSecret)),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: `token=${victim}`,
      });
      while ((await rs.verifyToken(victim)).ok) {
        if (performance.now() - start > 10_000) throw new Error('a revocation took over 10 s to arrive');
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      delays.push(performance.now() - start);
    }

    const ratio = median(results.feed) / median(results.bare);
    const lines = [
      '',
      `middleware bench (${new Date().toISOString()}, Node ${process.version}, ${options.runs} runs of ${options.durationMs / 1000} s, medians)`,
      `| case | verifications/s | CPU µs each |`,
      `| --- | --- | --- |`,
      `| bare jose.jwtVerify, local key set (ES256) | ${Math.round(median(results.bare)).toLocaleString('en')} | ${median(cpu.bare).toFixed(1)} |`,
      `| middleware verifyToken, ES256 JWT, feed on | ${Math.round(median(results.feed)).toLocaleString('en')} | ${median(cpu.feed).toFixed(1)} |`,
      `| middleware verifyToken, cached opaque introspection | ${Math.round(median(results.opaque)).toLocaleString('en')} | ${median(cpu.opaque).toFixed(1)} |`,
      '',
      `middleware / bare jose: ${(ratio * 100).toFixed(1)}% (target ≥ 90%) ${ratio >= 0.9 ? 'met' : 'MISSED'}`,
      `cached opaque: ${median(results.opaque) >= 100_000 ? 'met' : 'MISSED'} (target ≥ 100,000/s)`,
      `revocation propagation over ${delays.length} revocations (RFC 7009 request start → refused here): p50 ${percentile(delays, 50).toFixed(0)} ms, p99 ${percentile(delays, 99).toFixed(0)} ms, max ${Math.max(...delays).toFixed(0)} ms (target ≤ 1000 ms) ${percentile(delays, 99) <= 1000 ? 'met' : 'MISSED'}`,
    ];
    console.log(lines.join('\n'));
  } finally {
    server?.close();
    await lifespan.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
