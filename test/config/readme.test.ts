import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ServerSettingsSchema } from '../../src/config/schema.ts';
import { SETTING_NAMES, SETTINGS } from '../../src/domain/policy/settings.ts';

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe('the README configuration reference', () => {
  const variables = [
    ...SETTING_NAMES.flatMap((name) => SETTINGS[name].env ?? []),
    ...Object.keys(ServerSettingsSchema.properties),
    'LIFESPAN_CONFIG',
  ];

  it.each(variables)('documents %s', (variable) => {
    expect(readme).toContain(`| \`${variable}\` |`);
  });

  it.each(SETTING_NAMES.filter((name) => SETTINGS[name].env === undefined))('names %s', (name) => {
    expect(readme).toContain(`\`${name}\``);
  });

  it('shows the quick-start commands', () => {
    for (const command of ['npm ci', 'npm start', 'npm test']) expect(readme).toContain(command);
  });
});
