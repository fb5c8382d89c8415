/**
 * EXAMROOM_TRUST_PROXY: which reverse proxies the server believes about the client's address (X-Forwarded-For).
 * The login throttle counts per client address (docs/architecture.md, "Login throttling"): behind the university's
 * reverse proxy every request comes from the proxy, so without this setting a whole campus shares one address; with
 * it set too widely, anyone can claim any address by sending the header.
 */
import { isIP } from 'node:net';
import type { TrustProxy } from './app.js';

/** proxy-addr's names for address ranges (loopback: 127.0.0.1/8 and ::1, and so on). */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function validEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * Unset, empty or `false`: trust no proxy (request.ip is the peer's address, X-Forwarded-For is ignored). `true`:
 * trust every hop (only when nothing but the proxy can reach the server). Otherwise a comma-separated list of the
 * proxies' addresses or CIDRs, e.g. `10.0.0.5` or `10.0.0.0/8,::1`, or the names loopback, linklocal, uniquelocal.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text.toLowerCase() === 'false') return false;
  if (text.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(text)) {
    throw new Error(
      `EXAMROOM_TRUST_PROXY=${text}: a hop count is not supported (Fastify cannot check who sent the header, so it trusts no hop); list the proxies' addresses instead, e.g. 10.0.0.5 or 10.0.0.0/8`,
    );
  }
  const entries = text.split(',').map((entry) => entry.trim());
  const wrong = entries.filter((entry) => !validEntry(entry));
  if (wrong.length > 0) {
    throw new Error(`EXAMROOM_TRUST_PROXY: "${wrong.join('", "')}" is not an address, a CIDR or one of ${[...NAMED_RANGES].join(', ')}`);
  }
  return entries;
}
