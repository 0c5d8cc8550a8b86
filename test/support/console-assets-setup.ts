import type { TestProject } from 'vitest/node';
import { consoleAssets } from '../../bin/console-assets.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built console, as `lifespan serve` serves it. */
    consoleAssets: string;
  }
}

/** Builds the console once for the whole run (cached by its sources' hash), before any test file starts. */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('consoleAssets', await consoleAssets());
}
