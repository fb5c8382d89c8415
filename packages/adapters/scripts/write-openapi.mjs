// Writes openapi.json (the REST routes) and asyncapi.json (the live-events socket) from the built contract (run
// after `tsc -b`); openapi.test.ts and asyncapi.test.ts fail when a file is stale.
import { writeFileSync } from 'node:fs';
import { createAsyncApiDocument } from '../dist/rest/asyncapi.js';
import { createOpenApiDocument } from '../dist/rest/openapi.js';

for (const [file, document] of [
  ['../openapi.json', createOpenApiDocument()],
  ['../asyncapi.json', createAsyncApiDocument()],
]) {
  const target = new URL(file, import.meta.url);
  writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`wrote ${target.pathname}`);
}
