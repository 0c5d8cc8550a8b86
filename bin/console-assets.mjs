#!/usr/bin/env node
// The console (packages/console) is built by Vite into node_modules/.cache/lifespan-console/<hash of its
// sources>, on the first start and whenever its sources change, exactly as the server's bundle is: a new user
// runs `npm ci` and `npm start` and nothing else. Run directly, this file builds and prints the directory.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const consoleRoot = join(root, 'packages', 'console');
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'];

function sourceHash(viteVersion) {
  const hash = createHash('sha256').update(viteVersion);
  for (const input of INPUTS) {
    const path = join(consoleRoot, input);
    if (!existsSync(path)) continue;
    const files = statSync(path).isDirectory()
      ? readdirSync(path, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => join(entry.parentPath, entry.name))
      : [path];
    for (const file of files.sort()) {
      hash.update(`\0${file.slice(consoleRoot.length)}\0`).update(readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** The directory of the built console, built first when its sources changed since the last build. */
export async function consoleAssets() {
  const vite = await import('vite');
  const cache = join(root, 'node_modules', '.cache', 'lifespan-console');
  const build = join(cache, sourceHash(vite.version));
  if (existsSync(join(build, 'index.html'))) return build;
  // built aside and renamed: a process starting at the same moment sees no build or a whole one
  const partial = `${build}.${process.pid}.partial`;
  mkdirSync(cache, { recursive: true });
  await vite.build({
    root: consoleRoot,
    configFile: join(consoleRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: partial, emptyOutDir: true },
  });
  try {
    renameSync(partial, build);
  } catch (error) {
    // another process renamed its identical build first
    if (!existsSync(join(build, 'index.html'))) throw error;
    rmSync(partial, { recursive: true, force: true });
  }
  // older builds go once they are an hour old: a server or test run started a moment ago may still serve one
  const stale = Date.now() - 3_600_000;
  for (const old of readdirSync(cache)) {
    const path = join(cache, old);
    if (old !== basename(build) && statSync(path).mtimeMs < stale)
      rmSync(path, { recursive: true, force: true });
  }
  return build;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await consoleAssets());
