#!/usr/bin/env node
// Lifespan runs from its TypeScript sources, bundled by esbuild into one ES module that is cached under
// node_modules/.cache/lifespan by a hash of the sources, and rebuilt (in ~0.1 s) whenever they change. Compiling
// each module through a loader hook at run time instead keeps a loader thread with its own V8 heap alive for the
// life of the server: ~60 MB more resident memory, measured with `npm run bench` (Lifespan RSS).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync, version as esbuildVersion } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = join(root, 'src');

function sourceHash() {
  const hash = createHash('sha256')
    .update(esbuildVersion)
    .update(readFileSync(join(root, 'tsconfig.json')));
  const files = readdirSync(sources, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts'))
    .sort();
  for (const file of files) hash.update(`\0${file}\0`).update(readFileSync(join(sources, file)));
  return hash.digest('hex').slice(0, 16);
}

const cache = join(root, 'node_modules', '.cache', 'lifespan');
const build = join(cache, sourceHash());
const bundle = join(build, 'lifespan.mjs');
if (!existsSync(bundle)) {
  // built aside and renamed: a process starting at the same moment sees no build or a whole one
  const partial = `${build}.${process.pid}.partial`;
  mkdirSync(partial, { recursive: true });
  buildSync({
    entryPoints: [join(sources, 'cli', 'main.ts')],
    outfile: join(partial, 'lifespan.mjs'),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // a separate map, read only under `node --enable-source-maps`: loading it always costs ~25 MB of memory
    sourcemap: 'linked',
    logLevel: 'error',
  });
  try {
    renameSync(partial, build);
  } catch (error) {
    // another process renamed its identical build first
    if (!existsSync(bundle)) throw error;
    rmSync(partial, { recursive: true, force: true });
  }
  // earlier builds go; builds in progress stay
  for (const old of readdirSync(cache)) {
    if (old !== basename(build) && !old.endsWith('.partial')) {
      rmSync(join(cache, old), { recursive: true, force: true });
    }
  }
}
// `serve` serves the console: built here (once per change of its sources) and handed to the server
if (process.argv[2] === 'serve' && process.env.LIFESPAN_CONSOLE_ASSETS === undefined) {
  try {
    const { consoleAssets } = await import('./console-assets.mjs');
    process.env.LIFESPAN_CONSOLE_ASSETS = await consoleAssets();
  } catch (error) {
    console.error(`lifespan: the console could not be built, /console/ will say so: ${error}`);
  }
}
await import(pathToFileURL(bundle).href);
