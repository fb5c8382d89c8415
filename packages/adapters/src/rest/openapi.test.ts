import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes, statusOf } from './contract.js';
import { createOpenApiDocument } from './openapi.js';

interface Operation {
  operationId: string;
  tags: string[];
  description: string;
  security: Array<Record<string, string[]>>;
  parameters: Array<{ name?: string; in?: string; $ref?: string }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  tags: Array<{ name: string }>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

/** The document as committed (openapi.json) and served by a server without dev routes. */
const published = createOpenApiDocument() as Document;
/** The document a server with EXAMROOM_TEST_CLOCK=1 serves: every route of the contract. */
const document = createOpenApiDocument({ devRoutes: true }) as Document;
const entries = Object.entries(routes);
type Route = (typeof routes)[keyof typeof routes];

function operationOf(route: Route, from: Document = document): Operation | undefined {
  return from.paths[`/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`]?.[route.method.toLowerCase()];
}

/** The error codes a response lists, from its ErrorBody schema narrowed to them. */
function codesAt(op: Operation | undefined, status: number): string[] {
  const schema = op?.responses[String(status)]?.content?.['application/json']?.schema as { allOf?: Array<{ properties?: { code?: { enum?: string[] } } }> } | undefined;
  return schema?.allOf?.[1]?.properties?.code?.enum ?? [];
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refsIn(item, found);
    }
  }
  return found;
}

describe('createOpenApiDocument', () => {
  it('equals the committed openapi.json (run `npm run build -w packages/adapters` to regenerate it)', () => {
    const committed: unknown = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(published);
  });

  it('is OpenAPI 3.1', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it.each(entries)('has %s with its method, path parameters and success status', (name, route) => {
    const op = operationOf(route);
    expect(op?.operationId).toBe(name);
    expect(Object.keys(op?.responses ?? {})).toContain(String(route.status));
    for (const param of route.path.match(/:(\w+)/g) ?? []) {
      expect(op?.parameters).toContainEqual(expect.objectContaining({ name: param.slice(1), in: 'path' }));
    }
    expect(op?.requestBody !== undefined).toBe('body' in route || 'upload' in route);
  });

  it('takes an upload route’s file as its bytes, of each media type it accepts, with 415 FILE_TYPE_UNSUPPORTED for any other', () => {
    const uploads = entries.filter(([, route]) => 'upload' in route);
    expect(uploads.map(([name]) => name)).toEqual(['adminPreviewRoster', 'adminImportRoster', 'adminImportPhotos', 'adminUploadCandidatePhoto', 'sendFaceCheck']);
    for (const [name, route] of uploads) {
      const upload = (route as { upload: { mediaTypes: readonly string[]; maxBytes: number } }).upload;
      const content = (operationOf(route)?.requestBody as { content: Record<string, { schema: unknown }> }).content;
      expect(Object.keys(content), name).toEqual([...upload.mediaTypes]);
      for (const type of upload.mediaTypes) expect(content[type]?.schema, name).toEqual({ type: 'string', format: 'binary', maxLength: upload.maxBytes });
      expect(codesAt(operationOf(route), 415), name).toEqual(['FILE_TYPE_UNSUPPORTED']);
    }
  });

  it('has no operation that is not a route, besides the tus upload endpoints, the recordings’ files and the administrator’s file exports', () => {
    const operations = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
    const fromRoutes = entries.map(([, r]) => `${r.method.toLowerCase()} /api/v1${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(operations.filter((op) => !fromRoutes.includes(op)).sort()).toEqual([
      'get /api/v1/admin/candidates/{candidateId}/archive.zip',
      'get /api/v1/admin/recordings/{recordingId}/file',
      'get /api/v1/admin/sittings/{sittingId}/results.csv',
      'get /api/v1/admin/sittings/{sittingId}/results.xlsx',
      'get /api/v1/supervisor/recordings/{recordingId}/file',
      'head /api/v1/uploads/{recordingId}',
      'patch /api/v1/uploads/{recordingId}',
    ]);
  });

  it('asks for the bearer token on role routes only', () => {
    expect(document.components.securitySchemes['bearerAuth']).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [, route] of entries) {
      expect(operationOf(route)?.security).toEqual(Array.isArray(route.auth) ? [{ bearerAuth: [] }] : []);
    }
  });

  it('tags the dev routes "dev" and says they exist only in test mode', () => {
    for (const [, route] of entries.filter(([, r]) => r.auth === 'dev')) {
      expect(operationOf(route)?.tags).toEqual(['dev']);
      expect(operationOf(route)?.description).toContain('EXAMROOM_TEST_CLOCK=1');
    }
  });

  it('documents each route’s own error codes with the ErrorBody schema at their status', () => {
    const op = operationOf(routes.loginWithPassword);
    const schemaOf = (status: string) => JSON.stringify(op?.responses[status]?.content?.['application/json']?.schema);
    expect(schemaOf('403')).toContain('#/components/schemas/ErrorBody');
    expect(schemaOf('403')).toContain('LOGIN_NOT_OPEN');
    expect(schemaOf('409')).toContain('ALREADY_ACTIVE_ELSEWHERE');
    expect(schemaOf('429')).toContain('TOO_MANY_ATTEMPTS');
    expect(Object.keys(operationOf(routes.getMe)?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '403', '500']));
  });

  it('lists every error code of a route\'s errors at its status (409, 429…)', () => {
    for (const [name, route] of entries) {
      for (const code of 'errors' in route ? route.errors : []) expect(codesAt(operationOf(route), statusOf(code)), `${name} ${code}`).toContain(code);
    }
    expect(codesAt(operationOf(routes.saveProgress), 409)).toEqual(['STAGE_OUT_OF_ORDER', 'CONFIRMATIONS_MISSING']);
    expect(codesAt(operationOf(routes.completeRecording), 409)).toEqual(['CHECKSUM_MISMATCH']);
    expect(codesAt(operationOf(routes.supervisorLogin), 429)).toEqual(['TOO_MANY_ATTEMPTS']);
    expect(operationOf(routes.getTime)?.responses['429']).toBeUndefined();
  });

  it('lists 415 VALIDATION_FAILED on every route with a JSON body, and on the tus PATCH', () => {
    for (const [name, route] of entries) {
      if ('body' in route) expect(codesAt(operationOf(route), 415), name).toEqual(['VALIDATION_FAILED']);
      else if (!('upload' in route)) expect(operationOf(route)?.responses['415'], name).toBeUndefined();
    }
    expect(codesAt(document.paths['/api/v1/uploads/{recordingId}']?.['patch'], 415)).toEqual(['VALIDATION_FAILED']);
    expect(Object.keys(operationOf(routes.loginWithPassword)?.responses ?? {})).toEqual(['201', '400', '401', '403', '404', '409', '413', '415', '429', '500']);
  });

  it('leaves the dev routes, their tag and their own schemas out unless asked for them', () => {
    for (const [name, route] of entries.filter(([, r]) => r.auth === 'dev')) {
      expect(operationOf(route, published), name).toBeUndefined();
      expect(operationOf(route, document)?.operationId, name).toBe(name);
    }
    expect(Object.keys(published.paths).filter((path) => path.startsWith('/api/v1/dev'))).toEqual([]);
    expect(published.tags.map((t) => t.name)).not.toContain('dev');
    expect(document.tags.map((t) => t.name)).toContain('dev');
    expect(Object.keys(published.components.schemas)).not.toContain('SetClockBody');
    expect(Object.keys(published.components.schemas)).not.toContain('SeedSittingBody');
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['SetClockBody', 'SeedSittingBody', 'SeededSitting']));
    // What the other routes use stays.
    expect(Object.keys(published.components.schemas)).toEqual(expect.arrayContaining(['TimeResponse', 'Sitting', 'Candidate', 'ErrorBody']));
  });

  it('resolves every $ref and keeps no TypeBox internals', () => {
    for (const from of [published, document]) {
      for (const ref of refsIn(from)) {
        const [, section, name] = /^#\/components\/(\w+)\/(\w+)$/.exec(ref) ?? [];
        expect((from.components as unknown as Record<string, Record<string, unknown>>)[section ?? '']?.[name ?? ''], ref).toBeDefined();
      }
    }
    const text = JSON.stringify(document);
    expect(text).not.toContain('"$id"');
    expect(document.components.schemas['Me']).toMatchObject({ type: 'object', properties: { progress: { $ref: '#/components/schemas/Progress' } } });
  });
});
