import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { consoleApiTypes, GENERATED_FILE } from '../../scripts/console-api-types.ts';

describe("the console's API types", { timeout: 120_000 }, () => {
  it('are what the management API says today: regenerate them with `npm run generate -w @lifespan/console`', async () => {
    expect(await consoleApiTypes()).toBe(readFileSync(GENERATED_FILE, 'utf8'));
  });
});
