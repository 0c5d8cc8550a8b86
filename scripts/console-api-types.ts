import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { loadConfig } from '../src/config/load.ts';
import { buildLifespan } from '../src/main.ts';

export const GENERATED_FILE = new URL('../packages/console/src/api/management-api.ts', import.meta.url);

const HEADER = `/**
 * The management API's types, generated from its OpenAPI document (GET /admin/v1/openapi.json) by
 * openapi-typescript. Do not edit: run \`npm run generate -w @lifespan/console\` after changing a route's schema.
 * A test compares this file with a fresh generation, so a server change the console does not know of fails
 * \`npm test\`, and one that breaks the console fails its type check.
 */
`;

/** The management API's OpenAPI document, from a server built in memory (nothing listens, nothing is kept). */
export async function managementOpenApi(): Promise<OpenAPI3> {
  const lifespan = await buildLifespan(loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' }), {
    logger: false,
  });
  try {
    await lifespan.app.ready();
    return lifespan.app.swagger() as OpenAPI3;
  } finally {
    await lifespan.close();
  }
}

/** The TypeScript source of the console's API types. */
export async function consoleApiTypes(): Promise<string> {
  const document = await managementOpenApi();
  return `${HEADER}${astToString(await openapiTS(document))}`;
}
