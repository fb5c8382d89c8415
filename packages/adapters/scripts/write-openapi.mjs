// Writes openapi.json from the built contract (run after `tsc -b`); openapi.test.ts fails when the file is stale.
import { writeFileSync } from 'node:fs';
import { createOpenApiDocument } from '../dist/rest/openapi.js';

const target = new URL('../openapi.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(createOpenApiDocument(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
