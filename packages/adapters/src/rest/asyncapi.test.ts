/**
 * The live-events socket's AsyncAPI document: as committed (asyncapi.json), every message both ways with its schema,
 * the close codes; and both published documents pass Redocly's recommended rules (`redocly lint`, with the one
 * problem .redocly.lint-ignore.yaml explains).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createAsyncApiDocument } from './asyncapi.js';
import { LIVE_CLOSE_UNAUTHENTICATED, LiveEvent, LiveViewClientMessage, LiveViewServerMessage } from './contract.js';

interface Document {
  asyncapi: string;
  channels: { liveEvents: { address: string; description: string; messages: Record<string, { $ref: string }> } };
  operations: Record<string, { action: 'send' | 'receive'; messages: { $ref: string }[] }>;
  components: { messages: Record<string, { name: string; payload: { properties: { type: { const: string } } } }>; schemas: Record<string, unknown> };
}

const document = createAsyncApiDocument() as Document;
const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const typesOf = (union: { anyOf: unknown[] }) => union.anyOf.map((variant) => (variant as { properties: { type: { const: string } } }).properties.type.const);
/** The message types an operation (`send`: the server sends; `receive`: the server receives) carries. */
const typesIn = (action: 'send' | 'receive') =>
  Object.values(document.operations)
    .filter((operation) => operation.action === action)
    .flatMap((operation) => operation.messages.map((ref) => document.components.messages[ref.$ref.split('/').pop()!]!.name))
    .sort();

describe('asyncapi.json', () => {
  it('is the document the contract makes (npm run build writes it)', () => {
    expect(JSON.parse(readFileSync(new URL('../../asyncapi.json', import.meta.url), 'utf8'))).toEqual(document);
  });

  it('names every message of the socket, in its direction: auth and the live-view requests in, the events and the live-view answers out', () => {
    expect(document.asyncapi).toBe('3.0.0');
    expect(document.channels.liveEvents.address).toBe('/api/v1/ws');
    expect(typesIn('receive')).toEqual(['auth', ...typesOf(LiveViewClientMessage as never)].sort());
    expect(typesIn('send')).toEqual([...typesOf(LiveEvent as never), ...typesOf(LiveViewServerMessage as never)].sort());
    for (const message of Object.values(document.components.messages)) expect(message.payload.properties.type.const).toBe(message.name);
  });

  it('says how the socket closes', () => {
    expect(document.channels.liveEvents.description).toContain(String(LIVE_CLOSE_UNAUTHENTICATED));
    for (const reason of ['UNAUTHENTICATED', 'SESSION_REVOKED', 'SESSION_EXPIRED']) expect(document.channels.liveEvents.description).toContain(reason);
  });

  it('resolves every $ref within itself', () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const path = ref.slice(8, -1).replace(/^#\//, '').split('/');
      let target: unknown = document;
      for (const part of path) target = (target as Record<string, unknown> | undefined)?.[part];
      expect(target, ref).toBeDefined();
    }
  });
});

describe('redocly lint (recommended rules)', () => {
  it('passes openapi.json and asyncapi.json', async () => {
    const { stdout, stderr } = await promisify(execFile)('npx', ['--no-install', 'redocly', 'lint', 'openapi.json', 'asyncapi.json', '--format=stylish'], { cwd: packageDir, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
    // A failure rejects (exit code 1); a warning only says so at the end.
    const report = `${stdout}\n${stderr}`;
    expect(report).toContain('Your API descriptions are valid');
    expect(report).not.toMatch(/You have \d+ warnings?/);
  }, 60_000);
});
