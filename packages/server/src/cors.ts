/**
 * Cross-origin access, off unless configured. By default the server sends no CORS header at all: the portal and the
 * API share one origin (a reverse proxy), as the demo does. `corsOrigins` (EXAMROOM_CORS_ORIGINS) names the origins
 * whose pages may use the API, the tus uploads and the built elements from another origin; each gets
 * `Access-Control-Allow-Origin` naming it, every other origin nothing.
 */
import type { OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/**
 * The origins of a comma-separated list such as `https://portal.example.edu, https://other.example.edu`; empty for
 * none. Throws for an entry that is not exactly an origin (scheme, host and port; no path, no `*`).
 */
export function parseCorsOrigins(list: string | undefined): readonly string[] {
  const entries = (list ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    let origin: string | null = null;
    try {
      origin = new URL(entry).origin;
    } catch {
      // not a URL: reported below
    }
    if (origin !== entry) throw new Error(`EXAMROOM_CORS_ORIGINS: "${entry}" is not an origin such as https://portal.example.edu`);
  }
  return entries;
}

/** Answers preflights and adds CORS headers to the API's and the pages' responses for the configured origins only. */
export async function registerCors(app: FastifyInstance, corsOrigins: readonly string[]): Promise<void> {
  if (corsOrigins.length === 0) return;
  await app.register(cors, {
    // A function rather than the list: an origin not listed gets no header at all, and its preflight no answer.
    origin: (origin, callback) => callback(null, origin !== undefined && corsOrigins.includes(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    maxAge: 600,
  });
}

/**
 * The tus server writes CORS headers on every response by itself (`Access-Control-Allow-Origin: *` and its exposed
 * headers, and on OPTIONS its allowed methods and headers), straight to the Node response. For a request from a
 * configured origin they stay, naming that origin; for any other request every `Access-Control-*` header is dropped.
 */
export function limitTusCorsHeaders(corsOrigins: readonly string[], origin: string | undefined, response: ServerResponse): void {
  const allowed = origin !== undefined && corsOrigins.includes(origin) ? origin : null;
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  response.writeHead = ((...args: unknown[]) => writeHead(...args.map((arg) => (typeof arg === 'object' && arg !== null ? corsFiltered(arg, allowed) : arg)))) as ServerResponse['writeHead'];
}

const isCors = (name: unknown) => typeof name === 'string' && name.toLowerCase().startsWith('access-control-');
const isAllowOrigin = (name: unknown) => typeof name === 'string' && name.toLowerCase() === 'access-control-allow-origin';

/** The headers (an object, a flat `[name, value, …]` list or `[name, value]` pairs) with CORS limited to `allowed`. */
function corsFiltered(headers: object, allowed: string | null): object {
  const keep = (name: unknown, value: unknown): [unknown, unknown][] => {
    if (!isCors(name)) return [[name, value]];
    if (allowed === null) return [];
    return isAllowOrigin(name) ? [[name, allowed], ['Vary', 'Origin']] : [[name, value]];
  };
  if (!Array.isArray(headers)) {
    return Object.fromEntries(Object.entries(headers as OutgoingHttpHeaders).flatMap(([name, value]) => keep(name, value))) as OutgoingHttpHeaders;
  }
  if (headers.every((entry) => Array.isArray(entry))) return (headers as [unknown, unknown][]).flatMap(([name, value]) => keep(name, value));
  const pairs: [unknown, unknown][] = [];
  for (let i = 0; i + 1 < headers.length; i += 2) pairs.push(...keep(headers[i], headers[i + 1]));
  return pairs.flat() as OutgoingHttpHeader[];
}
