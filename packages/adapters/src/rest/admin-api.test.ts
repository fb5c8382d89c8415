import { describe, expect, it, vi } from 'vitest';
import { ExamError } from '@examroom/core';
import { createFakeAdminPorts } from '@examroom/core/testing';
import { createRestAdminApi } from './admin-api.js';
import { fileNameOf } from './client.js';

interface Sent {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body: BodyInit | null | undefined;
}

function setup(answer: (sent: Sent) => Response) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = { method: init?.method ?? 'GET', url: String(input), headers: new Headers(init?.headers), body: init?.body };
    sent.push(request);
    return answer(request);
  });
  const { session } = createFakeAdminPorts();
  session.save({ token: 'admin-tok' });
  const api = createRestAdminApi({ baseUrl: 'https://exam.test', sessionStore: session, fetch: fetch as unknown as typeof globalThis.fetch, acceptLanguage: 'en' });
  return { api, sent };
}

const report = { rows: 1, valid: true, create: 1, update: 0, unchanged: 0, problems: [] };

describe('the administrator’s roster and exports over REST', () => {
  it('sends a roster file as it is, with the media type its extension says (a browser may name a CSV application/vnd.ms-excel or nothing)', async () => {
    const { api, sent } = setup(() => Response.json(report));
    const csv = new Blob(['姓名,身份证号,准考证号,场次\n'], { type: 'application/vnd.ms-excel' });
    await api.previewRoster('exam-1', { name: '名单.CSV', blob: csv });
    await api.previewRoster('exam-1', { name: 'roster.xlsx', blob: new Blob(['PK']) });
    await api.previewRoster('exam-1', { name: 'roster.pdf', blob: new Blob(['%PDF'], { type: 'application/pdf' }) });
    expect(sent.map((s) => [s.method, s.url, s.headers.get('content-type')])).toEqual([
      ['POST', 'https://exam.test/api/v1/admin/exams/exam-1/roster/preview', 'text/csv'],
      ['POST', 'https://exam.test/api/v1/admin/exams/exam-1/roster/preview', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['POST', 'https://exam.test/api/v1/admin/exams/exam-1/roster/preview', 'application/pdf'],
    ]);
    expect(sent[0]!.body).toBe(csv);
    expect(sent[0]!.headers.get('authorization')).toBe('Bearer admin-tok');
  });

  it('sends a zip of photos as application/zip, and rejects with the server’s code', async () => {
    const { api, sent } = setup(() => Response.json({ code: 'FILE_UNREADABLE', message: 'The file cannot be read.' }, { status: 400 }));
    const error = await api.importPhotos('exam-1', { name: 'photos.zip', blob: new Blob(['not a zip']) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExamError);
    expect((error as ExamError).code).toBe('FILE_UNREADABLE');
    expect(sent[0]!.headers.get('content-type')).toBe('application/zip');
  });

  it('downloads the results and an archive with the token, named as the server names them', async () => {
    const { api, sent } = setup((request) =>
      request.url.endsWith('.zip')
        ? new Response('zip', { headers: { 'Content-Disposition': 'attachment; filename="archive-c1.zip"' } })
        : new Response('csv', { headers: { 'Content-Disposition': `attachment; filename="results.csv"; filename*=UTF-8''${encodeURIComponent('结果-上午场.csv')}` } }),
    );
    const results = await api.download({ kind: 'results', sittingId: 's 1', format: 'csv' });
    const archive = await api.download({ kind: 'archive', candidateId: 'c1' });
    expect([results.name, await results.blob.text()]).toEqual(['结果-上午场.csv', 'csv']);
    expect(archive.name).toBe('archive-c1.zip');
    expect(sent.map((s) => s.url)).toEqual(['https://exam.test/api/v1/admin/sittings/s%201/results.csv', 'https://exam.test/api/v1/admin/candidates/c1/archive.zip']);
    expect(sent.every((s) => s.headers.get('authorization') === 'Bearer admin-tok')).toBe(true);
  });

  it('rejects a refused download with the server’s code, and a failed one with NETWORK_ERROR', async () => {
    let calls = 0;
    const { api } = setup(() => {
      calls += 1;
      if (calls === 1) return Response.json({ code: 'NOT_FOUND', message: 'No such sitting.' }, { status: 404 });
      throw new TypeError('Failed to fetch');
    });
    await expect(api.download({ kind: 'results', sittingId: 'x', format: 'xlsx' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(api.download({ kind: 'archive', candidateId: 'x' })).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});

describe('fileNameOf', () => {
  it('prefers the UTF-8 name, falls back to the plain one, and answers null without either', () => {
    expect(fileNameOf(`attachment; filename="a.csv"; filename*=UTF-8''%E7%BB%93%E6%9E%9C.csv`)).toBe('结果.csv');
    expect(fileNameOf('attachment; filename="a.csv"')).toBe('a.csv');
    expect(fileNameOf('attachment; filename=b.xlsx')).toBe('b.xlsx');
    expect(fileNameOf(`attachment; filename="c.zip"; filename*=UTF-8''%E7%BB`)).toBe('c.zip');
    expect(fileNameOf('attachment')).toBeNull();
    expect(fileNameOf(null)).toBeNull();
  });
});
