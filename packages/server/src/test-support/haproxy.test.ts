import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { startHaproxy, type RunningHaproxy } from './haproxy.js';

/** A tiny backend: says its name, answers /readyz as told, echoes WebSocket messages with its name. */
async function backend(name: string) {
  const state = { ready: true };
  const server: Server = createServer((request, response) => {
    if (request.url === '/readyz') response.writeHead(state.ready ? 200 : 503).end();
    else response.writeHead(200, { 'content-type': 'text/plain' }).end(name);
  });
  const sockets = new WebSocketServer({ server });
  sockets.on('connection', (socket) => socket.on('message', (data) => socket.send(`${name}:${String(data)}`)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    state,
    address: { host: '127.0.0.1', port: address.port },
    close: () => {
      sockets.close();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Asks until `done` holds for the names answered (polling with a generous deadline: health checks take turns). */
async function askUntil(url: string, done: (names: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const names: string[] = [];
    for (let i = 0; i < 6; i += 1) names.push(await (await fetch(`${url}/who`)).text());
    if (done(names)) return names;
    if (Date.now() > deadline) throw new Error(`never: ${names.join(',')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('startHaproxy', () => {
  let one: Awaited<ReturnType<typeof backend>>;
  let two: Awaited<ReturnType<typeof backend>>;
  let proxy: RunningHaproxy;

  beforeAll(async () => {
    one = await backend('one');
    two = await backend('two');
    proxy = await startHaproxy([one.address, two.address], { checkIntervalMs: 200 });
  }, 300_000); // minutes only when haproxy must be installed first

  afterAll(async () => {
    await proxy?.stop();
    await one?.close();
    await two?.close();
  });

  it('spreads requests over the servers, and leaves out the one whose /readyz fails until it passes again', async () => {
    await askUntil(proxy.url, (names) => names.includes('one') && names.includes('two'));
    two.state.ready = false;
    await askUntil(proxy.url, (names) => names.every((name) => name === 'one'));
    two.state.ready = true;
    await askUntil(proxy.url, (names) => names.includes('two'));
  });

  it('passes WebSocket connections through', async () => {
    const socket = new WebSocket(`${proxy.url.replace('http', 'ws')}/live`);
    const answer = await new Promise<string>((resolve, reject) => {
      socket.once('open', () => socket.send('hello'));
      socket.once('message', (data) => resolve(String(data)));
      socket.once('error', reject);
    });
    socket.close();
    expect(answer).toMatch(/^(one|two):hello$/);
  });
});
