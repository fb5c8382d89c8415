/** A tiny static server on 127.0.0.1 (a secure context, so getUserMedia and getDisplayMedia work) for test pages. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Served {
  /** Body and Content-Type; a string body is sent as UTF-8. */
  readonly body: string | Uint8Array;
  readonly type: string;
}

/** URL path (e.g. '/', '/app.js') → what to send. */
export type Routes = Readonly<Record<string, Served>>;

export interface ServeOptions {
  /**
   * Send COOP/COEP so the page is cross-origin isolated (SharedArrayBuffer, performance.measureUserAgentSpecificMemory
   * for heap measurements). Default false: under COEP a page may not load cross-origin resources that lack CORP.
   */
  readonly crossOriginIsolated?: boolean;
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  readonly origin: string;
  /** Adds or replaces a route while the server runs. */
  set(path: string, served: Served): void;
  close(): Promise<void>;
}

export function html(body: string): Served {
  return { body, type: 'text/html; charset=utf-8' };
}

export function javascript(body: string): Served {
  return { body, type: 'text/javascript; charset=utf-8' };
}

/** A page that loads the given classic scripts in order. */
export function testPage(scripts: readonly string[], title = 'examroom test'): Served {
  const tags = scripts.map((src) => `<script src="${src}"></script>`).join('\n');
  return html(`<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body>\n${tags}\n</body>\n</html>\n`);
}

/** Serves `routes` on 127.0.0.1 at a free port. */
export async function serve(routes: Routes, options: ServeOptions = {}): Promise<StaticServer> {
  const table = new Map(Object.entries(routes));
  const isolated = options.crossOriginIsolated ?? false;
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const served = table.get(path);
    if (!served || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(served ? 405 : 404, { 'Content-Type': 'text/plain' }).end(served ? 'method not allowed' : 'not found');
      return;
    }
    const body = typeof served.body === 'string' ? Buffer.from(served.body) : served.body;
    response.writeHead(200, {
      'Content-Type': served.type,
      'Content-Length': body.byteLength,
      'Cache-Control': 'no-store',
      ...(isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {}),
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    set(path, served) {
      table.set(path, served);
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
