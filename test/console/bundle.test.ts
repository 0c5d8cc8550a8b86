import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';

const assets = inject('consoleAssets');
const page = readFileSync(join(assets, 'index.html'), 'utf8');
const gzipped = (path: string) =>
  gzipSync(readFileSync(join(assets, path.replace(/^\/console\//, '')))).length;

describe('the built console', () => {
  it('loads under 300 kB of gzipped JavaScript before its first page (the rest is split per page)', () => {
    const initial = [
      ...page.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g),
    ].map((m) => m[1] ?? '');
    expect(initial.length).toBeGreaterThan(0);
    const total = initial.reduce((sum, path) => sum + gzipped(path), 0);
    // reported by the test run, for the README
    console.info(
      `console initial JavaScript: ${(total / 1024).toFixed(1)} kB gzipped in ${initial.length} file(s)`,
    );
    expect(total).toBeLessThan(300 * 1024);
  });

  it('has no inline script or style and loads nothing from another origin (its CSP allows neither)', () => {
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.toMatch(/<style|style="/);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});
