/** A tiny typed caller of the contract's routes over fetch, for the shared suites. */
import { API_PREFIX, routes, type RouteName } from '../rest/contract.js';

export interface ContractTarget {
  /** Origin of the API, e.g. http://127.0.0.1:8080 (no trailing slash). */
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
}

export interface CallOptions {
  readonly params?: Readonly<Record<string, string>>;
  /** A JSON value, or a raw string sent as is (for malformed bodies). */
  readonly body?: unknown;
  readonly rawBody?: string;
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
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await target.fetch(target.baseUrl + pathOf(route, options.params), { method: definition.method, headers, body });
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
