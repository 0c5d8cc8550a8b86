import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { buildServices } from '../../src/main.ts';
import type { Services } from '../../src/services.ts';

const BIN = fileURLToPath(new URL('../../bin/lifespan.mjs', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const ISO_INSTANT = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
export const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

/** The real `lifespan` bin in a child process, on a private SQLite file, with nothing else in its environment. */
export interface CliWorkspace {
  databaseUrl: string;
  run(args: readonly string[], env?: Record<string, string>, stdin?: string): Promise<CliResult>;
  /** Runs a command that must succeed with `--json` and returns its parsed output. */
  json(args: readonly string[]): Promise<unknown>;
  /** In-process services on the same file, for setting up and checking what the CLI did. */
  withServices<T>(use: (services: Services) => Promise<T>): Promise<T>;
  remove(): Promise<void>;
}

export async function cliWorkspace(): Promise<CliWorkspace> {
  const directory = await mkdtemp(join(tmpdir(), 'lifespan-cli-'));
  const databaseUrl = `sqlite:${join(directory, 'db.sqlite')}`;
  const run = (args: readonly string[], env: Record<string, string> = {}, stdin?: string) =>
    runCli(args, { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, ...env }, stdin);
  return {
    databaseUrl,
    run,
    json: async (args) => {
      const result = await run([...args, '--json']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout);
    },
    withServices: async (use) => {
      const services = await buildServices(loadConfig({ DATABASE_URL: databaseUrl }));
      try {
        return await use(services);
      } finally {
        await services.close();
      }
    },
    remove: () => rm(directory, { recursive: true, force: true }),
  };
}

function runCli(args: readonly string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [BIN, ...args], { env }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
    child.stdin?.end(stdin ?? '');
  });
}

/** Output with every RFC 3339 instant replaced by `<instant>`, so that it can be compared exactly. */
export const withoutInstants = (text: string): string =>
  text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<instant>');
