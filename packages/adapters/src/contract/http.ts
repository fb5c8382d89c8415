/** A tiny typed caller of the contract's routes over fetch, for the shared suites. */
import { API_PREFIX, routes, type RouteName } from '../rest/contract.js';

export interface ContractTarget {
  /** Origin of the API, e.g. http://127.0.0.1:8080 (no trailing slash). */
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
}

export interface CallOptions {
  readonly params?: Readonly<Record<string, string>>;
  /** The query string's parameters. */
  readonly query?: Readonly<Record<string, string>>;
  /** A JSON value, or a raw string sent as is (for malformed bodies). */
  readonly body?: unknown;
  readonly rawBody?: string;
  /** A file's bytes (an upload route's body), sent as is with `contentType`. */
  readonly bytes?: Uint8Array;
  readonly token?: string | null;
  readonly lang?: string;
  readonly contentType?: string;
}

export interface CallResult {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

export function pathOf(route: RouteName, params: Readonly<Record<string, string>> = {}): string {
  return API_PREFIX + routes[route].path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

export async function call(target: ContractTarget, route: RouteName, options: CallOptions = {}): Promise<CallResult> {
  const definition = routes[route];
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.lang) headers['accept-language'] = options.lang;
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (options.bytes !== undefined) body = options.bytes.slice();
  else if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const search = options.query && Object.keys(options.query).length > 0 ? `?${new URLSearchParams(options.query as Record<string, string>).toString()}` : '';
  const response = await target.fetch(target.baseUrl + pathOf(route, options.params) + search, { method: definition.method, headers, body });
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** The error code of a result, or undefined. */
export function codeOf(result: CallResult): string | undefined {
  const body = result.body as { code?: unknown } | undefined;
  return typeof body?.code === 'string' ? body.code : undefined;
}

export interface TusUploadOptions {
  /** Bytes per PATCH; 64 KiB by default. */
  readonly chunkSize?: number;
  /** Declare the total (Upload-Length) with the last PATCH, as a client does at stop; true by default. */
  readonly declareLength?: boolean;
}

/**
 * Sends `bytes` to a tus upload created with deferred length, as a resuming client does: HEAD for the server's
 * offset, then PATCHes from there (`Tus-Resumable: 1.0.0`, `Upload-Offset`, `application/offset+octet-stream`), the
 * last one with `Upload-Length`. Throws on any unexpected answer; returns the server's final offset.
 */
export async function tusUpload(target: ContractTarget, uploadUrl: string, token: string, bytes: Uint8Array, options: TusUploadOptions = {}): Promise<number> {
  const base = { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' };
  const head = await target.fetch(uploadUrl, { method: 'HEAD', headers: base });
  if (head.status !== 200) throw new Error(`tus HEAD ${uploadUrl}: ${head.status}`);
  let offset = Number(head.headers.get('upload-offset'));
  let declared = head.headers.get('upload-length') !== null;
  const declare = options.declareLength ?? true;
  const chunkSize = options.chunkSize ?? 64 * 1024;
  while (offset < bytes.byteLength || (declare && !declared)) {
    const end = Math.min(offset + chunkSize, bytes.byteLength);
    const headers: Record<string, string> = { ...base, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) };
    const declaring = declare && !declared && end === bytes.byteLength;
    if (declaring) headers['upload-length'] = String(bytes.byteLength);
    const response = await target.fetch(uploadUrl, { method: 'PATCH', headers, body: bytes.slice(offset, end) });
    if (response.status !== 204) throw new Error(`tus PATCH ${uploadUrl} at ${offset}: ${response.status} ${await response.text()}`);
    const next = Number(response.headers.get('upload-offset'));
    if (next !== end) throw new Error(`tus PATCH ${uploadUrl} at ${offset}: the server is at ${next}, not ${end}`);
    offset = next;
    declared ||= declaring;
  }
  return offset;
}

/** Lower-case hex SHA-256 (WebCrypto), as clients declare it. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes.slice()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `length` reproducible pseudo-random bytes (no two seeds alike), standing in for a recording. */
export function sampleBytes(length: number, seed: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}
