import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { consoleApiTypes, GENERATED_FILE } from './console-api-types.ts';

await writeFile(GENERATED_FILE, await consoleApiTypes());
console.log(`wrote ${fileURLToPath(GENERATED_FILE)}`);
