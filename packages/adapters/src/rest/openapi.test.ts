import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from './contract.js';
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
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

const document = createOpenApiDocument() as Document;
const entries = Object.entries(routes);

function operationOf(route: (typeof routes)[keyof typeof routes]): Operation | undefined {
  return document.paths[`/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`]?.[route.method.toLowerCase()];
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
    expect(committed).toEqual(document);
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
    expect(op?.requestBody !== undefined).toBe('body' in route);
  });

  it('has no operation that is not a route, besides the tus upload endpoints', () => {
    const operations = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
    const fromRoutes = entries.map(([, r]) => `${r.method.toLowerCase()} /api/v1${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(operations.filter((op) => !fromRoutes.includes(op)).sort()).toEqual(['head /api/v1/uploads/{recordingId}', 'patch /api/v1/uploads/{recordingId}']);
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

  it('resolves every $ref and keeps no TypeBox internals', () => {
    const text = JSON.stringify(document);
    for (const ref of refsIn(document)) {
      const [, section, name] = /^#\/components\/(\w+)\/(\w+)$/.exec(ref) ?? [];
      expect((document.components as unknown as Record<string, Record<string, unknown>>)[section ?? '']?.[name ?? ''], ref).toBeDefined();
    }
    expect(text).not.toContain('"$id"');
    expect(document.components.schemas['Me']).toMatchObject({ type: 'object', properties: { progress: { $ref: '#/components/schemas/Progress' } } });
  });
});
