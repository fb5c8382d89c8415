/**
 * The face checks during 开始答题 on a real server with the real face verifier: a candidate answering sends small
 * camera frames (POST /me/face-check, JPEGs 320 px wide, as the page sends them), and the supervisor finds
 * faceMissing, faceSeveral and faceCovered incidents for the frames without a face, with two faces and with the face
 * partly covered — none for a face as it should be. The interval is 1 s and moved past with the dev clock; the tests
 * wait for the incidents (the worker judges frames in order), never for a time.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_PREFIX } from '@examroom/adapters/rest';
import { createFaceVerifier, type ServerFaceVerifier } from './face-verifier.js';
import { faceCheckOf } from './face-analysis.js';
import { asCameraFrame, covered, faceSamplesInstalled, facing, nonFaces, original, twoFaces } from './test-support/face-samples.js';
import { api, enter, login, removeTempDirs, seedExam, startServer, supervisorToken, type SeededExam, type TestServer } from './test-support/server.js';
import { PLEDGE_VERSION } from '@examroom/core';

const MODEL_TIMEOUT = 300_000;

describe.runIf(faceSamplesInstalled() || process.env['CI'] === 'true')('the face checks on the server', () => {
  let server: TestServer;
  let verifier: ServerFaceVerifier;

  beforeAll(async () => {
    verifier = createFaceVerifier();
    server = await startServer({ faceVerifier: verifier, faceCheckIntervalSeconds: 1 });
    await verifier.ready;
  }, MODEL_TIMEOUT);
  afterAll(async () => {
    await server?.close();
    await verifier?.close();
    removeTempDirs();
  });

  /** The measurements the covered-face rule rests on (face-analysis.ts, COVERED_DETECTOR_SCORE), printed. */
  it('tells a face from no face, two faces and a face partly covered, in frames 320 px wide', async () => {
    const frames: [string, Uint8Array, string][] = [
      ['astronaut.png', await original('astronaut'), 'oneFace'],
      ['astronaut, head', await facing('astronaut'), 'oneFace'],
      ['grace_hopper.jpg', await original('grace'), 'oneFace'],
      ['grace, head', await facing('grace'), 'oneFace'],
      ...(await nonFaces()).map((sample): [string, Uint8Array, string] => [sample.name, sample.bytes, 'faceMissing']),
      ['both people', await twoFaces(), 'faceSeveral'],
      ['grace, lower 40 % covered', await covered('grace', 'lower', 0.4), 'faceCovered'],
      ['grace, lower 40 % covered in white', await covered('grace', 'lower', 0.4, 0xf0f0f0ff), 'faceCovered'],
      ['astronaut, upper 45 % covered', await covered('astronaut', 'upper', 0.45), 'faceCovered'],
    ];
    const lines: string[] = [];
    for (const [name, bytes, expected] of frames) {
      const frame = await asCameraFrame(bytes);
      const started = performance.now();
      const faces = await verifier.analyse(frame, undefined, true);
      const ms = Math.round(performance.now() - started);
      lines.push(`${name} (${frame.byteLength} bytes, ${ms} ms): ${faceCheckOf(faces)} — ${faces.map((f) => `mesh ${f.score.toFixed(2)}, detector ${f.detectorScore.toFixed(2)}, ${Math.round(f.box[2])} px, turn ${f.headTurn.toFixed(2)}`).join('; ') || 'no face'}`);
      expect.soft(faceCheckOf(faces), name).toBe(expected);
    }
    console.info(lines.join('\n'));
  }, MODEL_TIMEOUT);

  it('raises faceMissing, faceSeveral and faceCovered for a candidate answering, told to the supervisor; the interview goes on', async () => {
    const exam: SeededExam = await seedExam(server, 1);
    const token = await login(server, exam);
    await enter(server, token);
    for (const body of [{ kind: 'devices' }, { kind: 'info' }, { kind: 'pledge', pledgeVersion: PLEDGE_VERSION }]) expect((await api(server, 'POST', '/me/confirmations', { token, body })).status).toBe(200);
    let now = (await api<{ serverTime: number }>(server, 'GET', '/time')).body.serverTime + 10 * 60_000;
    const supervisor = await supervisorToken(server, [exam.examId]);
    const incidents = async () =>
      ((await api<{ kind: string; at: number }[]>(server, 'GET', `/supervisor/candidates/${exam.candidates[0]!.id}/incidents`, { token: supervisor })).body).map((i) => i.kind);

    const send = async (bytes: Uint8Array) => {
      // The next interval on the server's clock (the dev control), so that the frame is judged.
      now += 2_000;
      await api(server, 'POST', '/dev/clock', { body: { now } });
      const response = await fetch(`${server.baseUrl}${API_PREFIX}/me/face-check`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
        body: new Blob([Buffer.from(await asCameraFrame(bytes))]),
      });
      expect([response.status, await response.json()]).toEqual([200, { intervalSeconds: 1 }]);
    };
    const until = (kinds: string[]) => vi.waitFor(async () => expect(await incidents()).toEqual(kinds), { timeout: 60_000, interval: 100 });

    // A face as it should be, then no face: only the second raises an incident (the worker judges them in order).
    await send(await facing('astronaut'));
    await send((await nonFaces())[0]!.bytes);
    await until(['faceMissing']);
    await send(await twoFaces());
    await until(['faceMissing', 'faceSeveral']);
    await send(await covered('grace', 'lower', 0.4));
    await until(['faceMissing', 'faceSeveral', 'faceCovered']);
    // No face again within the minute: no second faceMissing (a later faceSeveral proves the frame was judged).
    await send((await nonFaces())[1]!.bytes);
    now += 60_000;
    await send(await twoFaces());
    await until(['faceMissing', 'faceSeveral', 'faceCovered', 'faceSeveral']);

    const me = await api<{ progress: { finishedAt: number | null } }>(server, 'GET', '/me', { token });
    expect(me.body.progress.finishedAt).toBeNull();
  }, MODEL_TIMEOUT);
});
