import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createUploadTurns, isUploadChunk, takesUploadTurns } from './upload-turns.js';

/** The end of the current turn of the event loop, and of the next one. */
const endOfTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('upload turns', () => {
  it('starts at most the turn’s share at once and the others in later turns, in the order they came', async () => {
    const turns = createUploadTurns(3);
    const started: number[] = [];
    for (let i = 0; i < 8; i++) turns.admit(() => started.push(i));
    expect(started).toEqual([0, 1, 2]);
    expect(turns.waiting).toBe(5);
    await endOfTurn();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    await endOfTurn();
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(turns.waiting).toBe(0);
  });

  it('lets no newcomer pass those who wait', async () => {
    const turns = createUploadTurns(2);
    const started: string[] = [];
    for (const name of ['a', 'b', 'c']) turns.admit(() => started.push(name));
    await endOfTurn();
    // c started at the turn's end, the first of the next turn's share; d takes the share's last place, e waits for the next turn.
    turns.admit(() => started.push('d'));
    turns.admit(() => started.push('e'));
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    expect(turns.waiting).toBe(1);
    await endOfTurn();
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('starts one at once whenever the turn has room', async () => {
    const turns = createUploadTurns(1);
    const started: number[] = [];
    turns.admit(() => started.push(1));
    await endOfTurn();
    await endOfTurn();
    turns.admit(() => started.push(2));
    expect(started).toEqual([1, 2]);
  });
});

describe('which requests take upload turns', () => {
  const request = (method: string, url: string) => ({ method, url }) as IncomingMessage;
  it('takes the uploads’ requests and the completions, not the CORS preflights nor anything else', () => {
    expect(takesUploadTurns(request('HEAD', '/api/v1/uploads/rec_1'))).toBe(true);
    expect(takesUploadTurns(request('PATCH', '/api/v1/uploads/rec_1'))).toBe(true);
    expect(takesUploadTurns(request('POST', '/api/v1/uploads'))).toBe(true);
    expect(takesUploadTurns(request('POST', '/api/v1/recordings/rec_1/complete'))).toBe(true);
    expect(takesUploadTurns(request('OPTIONS', '/api/v1/uploads/rec_1'))).toBe(false);
    expect(takesUploadTurns(request('GET', '/api/v1/time'))).toBe(false);
    expect(takesUploadTurns(request('GET', '/api/v1/recordings/rec_1/complete'))).toBe(false);
    expect(takesUploadTurns(request('POST', '/api/v1/recordings/rec_1/completed'))).toBe(false);
    expect(takesUploadTurns(request('GET', '/api/v1/uploadsx'))).toBe(false);
  });

  it('tells the steady chunks, which the fast path sends to tus at once, from the PATCHes that declare the length', () => {
    const patch = (headers: Record<string, string>) => ({ method: 'PATCH', url: '/api/v1/uploads/rec_1', headers }) as unknown as IncomingMessage;
    expect(isUploadChunk(patch({ 'upload-offset': '0', 'content-length': '125000' }))).toBe(true);
    expect(isUploadChunk(patch({ 'upload-offset': '0', 'transfer-encoding': 'chunked' }))).toBe(true);
    expect(isUploadChunk(patch({ 'upload-offset': '125000', 'upload-length': '125000', 'content-length': '0' }))).toBe(false);
    expect(isUploadChunk(patch({ 'upload-offset': '0', 'upload-length': '125000', 'content-length': '125000' }))).toBe(false);
    expect(isUploadChunk(patch({ 'upload-offset': '0', 'content-length': '0' }))).toBe(false);
    expect(isUploadChunk({ method: 'HEAD', url: '/api/v1/uploads/rec_1', headers: {} } as unknown as IncomingMessage)).toBe(false);
  });
});
