/**
 * The load scenario's baseline (see bench/load-server.ts): a bare @tus/server with a @tus/file-store, the libraries
 * examroom's uploads are built on, on a plain node:http server and a temporary directory. No authentication, no
 * database, nothing of its own per request: what the same machine does with the same load and nothing else.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import { serveUnderLoad } from './load-server.js';

/** Where uploads are created (POST) and then served (PATCH, HEAD at `/files/<id>`). */
const PATH = '/files';

serveUnderLoad(async (directory) => {
  const tus = new TusServer({ path: PATH, datastore: new FileStore({ directory }) });
  const server = createServer((request, response) => {
    // HAProxy's health check, when several of these stand behind it (the load's --load-servers).
    if (request.url === '/readyz') return void response.writeHead(200).end();
    void tus.handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ready: { baseUrl, creationUrl: `${baseUrl}${PATH}` },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
});
