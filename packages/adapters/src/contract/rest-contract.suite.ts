/**
 * The REST contract suite: the same requests against any implementation (the MSW handlers, the reference server,
 * a university's own backend) must give the same statuses, error codes and body shapes — including every rule of
 * the seed at its time boundary, moved there with the dev clock control.
 */
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteName } from '../rest/contract.js';
import { call, codeOf, sampleBytes, sha256Hex, tusUpload, type CallOptions, type ContractTarget } from './http.js';

const MIN = 60_000;
/** A fixed instant far from today, so that no demo sitting interferes. */
const BASE = Date.UTC(2030, 0, 7, 2, 0);
export const DEMO_EXAM = 'exam-demo';
export const DEMO_SUPERVISOR = { username: 'supervisor', password: 'demo-supervisor' } as const;

export interface SeededCandidate {
  readonly id: string;
  readonly idNumber: string;
  readonly password: string;
}

let serial = 0;

/** Helpers over one target, shared by the contract, authorisation and hostile-input suites. */
export function contractClient(target: ContractTarget) {
  const api = async (route: RouteName, options: CallOptions = {}) => {
    const result = await call(target, route, options);
    const definition = routes[route];
    // Every success body must match the route's response schema, whatever the implementation.
    if (result.status >= 200 && result.status < 300 && definition.response) {
      const errors = [...Value.Errors(definition.response as TSchema, result.body)].map((e) => `${e.path}: ${e.message}`);
      expect(errors, `${route} response shape`).toEqual([]);
    }
    if (result.status >= 400) {
      expect(codeOf(result), `${route} error body has a code: ${JSON.stringify(result.body)}`).toBeTypeOf('string');
      expect((result.body as { message?: unknown }).message).toBeTypeOf('string');
    }
    return result;
  };
  const ok = async (route: RouteName, options: CallOptions = {}) => {
    const result = await api(route, options);
    expect(result.status, `${route}: ${JSON.stringify(result.body)}`).toBe(routes[route].status);
    return result.body as never;
  };
  const fails = async (route: RouteName, options: CallOptions, status: number, code: string) => {
    const result = await api(route, options);
    expect([result.status, codeOf(result)], `${route}: ${JSON.stringify(result.body)}`).toEqual([status, code]);
    return result.body as Record<string, unknown>;
  };
  const setClock = (now: number) => ok('setClock', { body: { now } });
  /** A new sitting of the demo exam starting at `startsAt`, with `count` fresh candidates. */
  const seed = async (startsAt: number, count: number, extra: { entryOpensAt?: number; policy?: Record<string, unknown> } = {}) => {
    const candidates = Array.from({ length: count }, (_, i) => {
      serial += 1;
      const idNumber = `9${String(Date.now() % 1e9).padStart(9, '0')}${String(serial).padStart(6, '0')}${i}`.slice(0, 18);
      return { name: `考生${serial}`, idNumber, password: `pw-${serial}-${i}`, admissionNumber: `A${serial}${i}` };
    });
    const seeded = (await ok('seedSitting', { body: { examId: DEMO_EXAM, name: `第${serial}场`, startsAt, ...extra, candidates } })) as {
      sitting: { id: string };
      candidates: { id: string; admissionNumber: string }[];
    };
    return {
      sittingId: seeded.sitting.id,
      candidates: candidates.map((c) => ({
        id: seeded.candidates.find((s) => s.admissionNumber === c.admissionNumber)!.id,
        idNumber: c.idNumber,
        password: c.password,
      })) as SeededCandidate[],
    };
  };
  const login = async (candidate: SeededCandidate, deviceKey = 'device-key-1') =>
    ((await ok('loginWithPassword', { body: { examId: DEMO_EXAM, idNumber: candidate.idNumber, password: candidate.password, deviceKey } })) as { token: string })
      .token;
  const supervisor = async () => ((await ok('supervisorLogin', { body: DEMO_SUPERVISOR })) as { token: string }).token;
  /** Logs in and enters a sitting that starts at `startsAt` (clock ends at the entry time). */
  const entered = async (startsAt: number, count = 1) => {
    const sitting = await seed(startsAt, count);
    await setClock(startsAt - 15 * MIN);
    const tokens: string[] = [];
    for (const candidate of sitting.candidates) {
      const token = await login(candidate, `device-${candidate.id}`);
      await ok('enter', { token });
      tokens.push(token);
    }
    return { ...sitting, tokens };
  };
  return { api, ok, fails, setClock, seed, login, supervisor, entered };
}

export function describeRestContract(name: string, makeTarget: () => Promise<ContractTarget & { close(): Promise<void> }>) {
  describe(`REST contract: ${name}`, () => {
    let target: ContractTarget & { close(): Promise<void> };
    let c: ReturnType<typeof contractClient>;
    let day = 0;
    /** Each test gets its own day so sittings never overlap. */
    const nextStart = () => BASE + ++day * 24 * 60 * MIN;

    beforeAll(async () => {
      target = await makeTarget();
      c = contractClient(target);
    }, 60_000);
    afterAll(async () => target.close(), 60_000);

    it('tells server time, and the dev control moves it', async () => {
      const at = nextStart();
      await c.setClock(at);
      const time = (await c.ok('getTime')) as { serverTime: number };
      expect(time.serverTime).toBeGreaterThanOrEqual(at);
      expect(time.serverTime).toBeLessThan(at + 5_000);
    });

    it('describes an exam, and answers EXAM_NOT_FOUND for an unknown one', async () => {
      const exam = (await c.ok('getExam', { params: { examId: DEMO_EXAM } })) as { id: string; sittings: unknown[] };
      expect(exam.id).toBe(DEMO_EXAM);
      expect(exam.sittings.length).toBeGreaterThan(0);
      await c.fails('getExam', { params: { examId: 'no-such-exam' } }, 404, 'EXAM_NOT_FOUND');
    });

    it('opens login exactly 30 minutes before the start (R4)', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1);
      const body = { examId: DEMO_EXAM, idNumber: candidates[0]!.idNumber, password: candidates[0]!.password, deviceKey: 'device-key-1' };
      await c.setClock(startsAt - 30 * MIN - 1);
      const refused = await c.fails('loginWithPassword', { body }, 403, 'LOGIN_NOT_OPEN');
      expect(refused.opensAt).toBe(startsAt - 30 * MIN);
      await c.setClock(startsAt - 30 * MIN);
      await c.ok('loginWithPassword', { body });
    });

    it('refuses wrong credentials with one code, whether the ID number exists or not', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1);
      await c.setClock(startsAt - 20 * MIN);
      await c.fails('loginWithPassword', { body: { examId: DEMO_EXAM, idNumber: candidates[0]!.idNumber, password: 'wrong', deviceKey: 'device-key-1' } }, 401, 'INVALID_CREDENTIALS');
      await c.fails('loginWithPassword', { body: { examId: DEMO_EXAM, idNumber: '000000000000000000', password: 'wrong', deviceKey: 'device-key-1' } }, 401, 'INVALID_CREDENTIALS');
    });

    it('answers face login with FACE_LOGIN_UNAVAILABLE while no verifier is configured (R5)', async () => {
      await c.setClock(nextStart() - 20 * MIN);
      await c.fails('loginWithFace', { body: { examId: DEMO_EXAM, deviceKey: 'device-key-1', image: 'aGVsbG8=' } }, 503, 'FACE_LOGIN_UNAVAILABLE');
    });

    it('refuses login after the 2-minute cutoff to one who has not entered (R21)', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 2);
      await c.setClock(startsAt + 2 * MIN - 1);
      await c.login(candidates[0]!);
      await c.setClock(startsAt + 2 * MIN);
      await c.fails('loginWithPassword', { body: { examId: DEMO_EXAM, idNumber: candidates[1]!.idNumber, password: candidates[1]!.password, deviceKey: 'device-key-1' } }, 403, 'LATE_ENTRY_CLOSED');
    });

    it('lets one who entered log in again after the cutoff, to resume', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.entered(startsAt);
      await c.setClock(startsAt + 3 * MIN);
      const token = await c.login(candidates[0]!, `device-${candidates[0]!.id}`);
      const me = (await c.ok('getMe', { token })) as { progress: { enteredAt: number | null } };
      expect(me.progress.enteredAt).not.toBeNull();
    });

    it('allows one active session per candidate (R6): another device is refused, the same device reconnects, a stale one is taken over', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1);
      const candidate = candidates[0]!;
      await c.setClock(startsAt - 20 * MIN);
      const first = await c.login(candidate, 'device-a-123');
      const body = { examId: DEMO_EXAM, idNumber: candidate.idNumber, password: candidate.password };
      await c.fails('loginWithPassword', { body: { ...body, deviceKey: 'device-b-123' } }, 409, 'ALREADY_ACTIVE_ELSEWHERE');
      const again = await c.login(candidate, 'device-a-123');
      await c.fails('getMe', { token: first }, 401, 'SESSION_REVOKED');
      await c.ok('getMe', { token: again });
      await c.setClock(startsAt - 20 * MIN + 31_000);
      const taken = await c.login(candidate, 'device-b-123');
      await c.fails('getMe', { token: again }, 401, 'SESSION_REVOKED');
      await c.ok('getMe', { token: taken });
    });

    it('keeps a session alive with heartbeats', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1);
      await c.setClock(startsAt - 20 * MIN);
      const token = await c.login(candidates[0]!, 'device-a-123');
      await c.setClock(startsAt - 20 * MIN + 20_000);
      await c.ok('heartbeat', { token });
      await c.setClock(startsAt - 20 * MIN + 40_000);
      await c.fails('loginWithPassword', { body: { examId: DEMO_EXAM, idNumber: candidates[0]!.idNumber, password: candidates[0]!.password, deviceKey: 'device-b-123' } }, 409, 'ALREADY_ACTIVE_ELSEWHERE');
      await c.ok('logout', { token });
      await c.fails('getMe', { token }, 401, 'SESSION_REVOKED');
    });

    it('moves progress only forward, in order', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1);
      await c.setClock(startsAt - 20 * MIN);
      const token = await c.login(candidates[0]!);
      expect(((await c.ok('saveProgress', { token, body: { stage: 'bindingEvidence' } })) as { stage: string }).stage).toBe('bindingEvidence');
      expect(((await c.ok('saveProgress', { token, body: { stage: 'readingProcess' } })) as { stage: string }).stage).toBe('bindingEvidence');
      await c.fails('saveProgress', { token, body: { stage: 'countdown' } }, 409, 'STAGE_OUT_OF_ORDER');
    });

    it('draws unique lots, keeps a drawn lot, and assigns the rest at entry time (R11)', async () => {
      const startsAt = nextStart();
      const { sittingId, candidates } = await c.seed(startsAt, 4);
      await c.setClock(startsAt - 20 * MIN);
      const a = await c.login(candidates[0]!, 'device-a-123');
      const b = await c.login(candidates[1]!, 'device-b-123');
      const lotA = ((await c.ok('drawLot', { token: a })) as { lot: number }).lot;
      expect(((await c.ok('drawLot', { token: a })) as { lot: number }).lot).toBe(lotA);
      const lotB = ((await c.ok('drawLot', { token: b })) as { lot: number }).lot;
      expect(lotB).not.toBe(lotA);
      const entryOpensAt = startsAt - 15 * MIN;
      await c.setClock(entryOpensAt);
      const d = await c.login(candidates[3]!, 'device-d-123');
      const entry = (await c.ok('enter', { token: d })) as { lot: number | null; enteredAt: number };
      expect(entry.lot).not.toBeNull();
      const statuses = (await c.ok('listCandidates', { token: await c.supervisor(), params: { sittingId } })) as { progress: { lot: number | null } }[];
      const lots = statuses.map((s) => s.progress.lot);
      expect(lots.every((lot) => lot !== null)).toBe(true);
      expect(new Set(lots).size).toBe(4);
    });

    it('opens entry exactly at entryOpensAt and closes it 2 minutes after the start (R12, R21)', async () => {
      const startsAt = nextStart();
      const entryOpensAt = startsAt - 10 * MIN;
      const { candidates } = await c.seed(startsAt, 2, { entryOpensAt });
      await c.setClock(entryOpensAt - 1);
      const a = await c.login(candidates[0]!, 'device-a-123');
      const b = await c.login(candidates[1]!, 'device-b-123');
      const refused = await c.fails('enter', { token: a }, 403, 'ENTRY_NOT_OPEN');
      expect(refused.opensAt).toBe(entryOpensAt);
      await c.setClock(entryOpensAt);
      const progress = (await c.ok('enter', { token: a })) as { enteredAt: number };
      expect(progress.enteredAt).toBe(entryOpensAt);
      await c.setClock(startsAt + 2 * MIN - 1);
      await c.ok('heartbeat', { token: b });
      await c.setClock(startsAt + 2 * MIN);
      await c.fails('enter', { token: b }, 403, 'LATE_ENTRY_CLOSED');
      await c.ok('enter', { token: a }); // re-entry of one who entered, until the deadline
    });

    it('releases questions at the start, only to those who entered (R18)', async () => {
      const startsAt = nextStart();
      const { tokens } = await c.entered(startsAt);
      const { candidates: others } = await c.seed(startsAt, 1);
      const outsider = await c.login(others[0]!, 'device-o-123');
      await c.setClock(startsAt - 1);
      await c.fails('getQuestions', { token: tokens[0]! }, 403, 'QUESTIONS_NOT_RELEASED');
      await c.setClock(startsAt);
      const questions = (await c.ok('getQuestions', { token: tokens[0]! })) as { order: number }[];
      expect(questions.length).toBeGreaterThan(0);
      expect(questions.map((q) => q.order)).toEqual([...questions.map((q) => q.order)].sort((x, y) => x - y));
      await c.fails('getQuestions', { token: outsider }, 403, 'NOT_ENTERED');
    });

    it('records why the exam finished, once', async () => {
      const startsAt = nextStart();
      const { tokens } = await c.entered(startsAt);
      await c.setClock(startsAt + MIN);
      const first = (await c.ok('finish', { token: tokens[0]!, body: { reason: 'endedEarly' } })) as { finishReason: string; finishedAt: number };
      expect(first).toMatchObject({ finishReason: 'endedEarly', finishedAt: startsAt + MIN });
      await c.setClock(startsAt + 5 * MIN);
      expect(await c.ok('finish', { token: tokens[0]!, body: { reason: 'timeUp' } })).toMatchObject({ finishReason: 'endedEarly', finishedAt: startsAt + MIN });
      const { candidates } = await c.seed(startsAt, 1);
      await c.setClock(startsAt - 20 * MIN);
      await c.fails('finish', { token: await c.login(candidates[0]!), body: { reason: 'completed' } }, 403, 'NOT_ENTERED');
    });

    it('stores incidents once per client id, with the client’s server-time stamp', async () => {
      const startsAt = nextStart();
      const { candidates, tokens } = await c.entered(startsAt);
      const incident = { id: `inc-${Date.now()}`, kind: 'windowBlur', at: startsAt - 14 * MIN };
      await c.ok('reportIncident', { token: tokens[0]!, body: incident });
      await c.ok('reportIncident', { token: tokens[0]!, body: incident });
      const incidents = (await c.ok('listIncidents', { token: await c.supervisor(), params: { candidateId: candidates[0]!.id } })) as { id: string }[];
      expect(incidents.filter((i) => i.id === incident.id)).toHaveLength(1);
    });

    it('carries the help chat both ways with server timestamps (R27)', async () => {
      const startsAt = nextStart();
      const { candidates, tokens } = await c.entered(startsAt);
      await c.setClock(startsAt + 30_000);
      const sent = (await c.ok('sendHelpMessage', { token: tokens[0]!, body: { id: 'msg-candidate-1', text: '摄像头没有画面' } })) as { at: number; from: string };
      expect(sent).toMatchObject({ from: 'candidate', at: startsAt + 30_000 });
      expect(await c.ok('sendHelpMessage', { token: tokens[0]!, body: { id: 'msg-candidate-1', text: '摄像头没有画面' } })).toEqual(sent);
      const supervisor = await c.supervisor();
      const seen = (await c.ok('getCandidateHelp', { token: supervisor, params: { candidateId: candidates[0]!.id } })) as { text: string }[];
      expect(seen.map((m) => m.text)).toEqual(['摄像头没有画面']);
      await c.ok('replyHelp', { token: supervisor, params: { candidateId: candidates[0]!.id }, body: { id: 'msg-supervisor-1', text: '请检查摄像头连接' } });
      const chat = (await c.ok('getHelpMessages', { token: tokens[0]! })) as { from: string }[];
      expect(chat.map((m) => m.from)).toEqual(['candidate', 'supervisor']);
    });

    it('creates recordings only for one who entered, each with its own upload URL', async () => {
      const startsAt = nextStart();
      const { candidates: outsiders } = await c.seed(startsAt, 1);
      const { candidates, tokens } = await c.entered(startsAt);
      const outsider = await c.login(outsiders[0]!, 'device-o-123');
      await c.fails('createRecording', { token: outsider, body: { kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus' } }, 403, 'NOT_ENTERED');
      const camera = (await c.ok('createRecording', { token: tokens[0]!, body: { kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus' } })) as { recordingId: string; uploadUrl: string };
      const screen = (await c.ok('createRecording', { token: tokens[0]!, body: { kind: 'screen', mimeType: 'video/webm' } })) as { recordingId: string; uploadUrl: string };
      expect(camera.uploadUrl).toContain(camera.recordingId);
      expect(screen.recordingId).not.toBe(camera.recordingId);
      const listed = (await c.ok('listRecordings', { token: await c.supervisor(), params: { candidateId: candidates[0]!.id } })) as { kind: string }[];
      expect(listed.map((r) => r.kind).sort()).toEqual(['camera', 'screen']);
    });

    it('completes a recording once the bytes check out against the client’s length and SHA-256, idempotently (issue 4)', async () => {
      const startsAt = nextStart();
      const { candidates, tokens } = await c.entered(startsAt, 2);
      const [mine, theirs] = [tokens[0]!, tokens[1]!];
      const camera = (await c.ok('createRecording', { token: mine, body: { kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus' } })) as { recordingId: string; uploadUrl: string };
      const bytes = sampleBytes(150_000, 1);
      const sha256 = await sha256Hex(bytes);
      expect(await tusUpload(target, camera.uploadUrl, mine, bytes, { chunkSize: 64 * 1024 })).toBe(bytes.length);
      const params = { recordingId: camera.recordingId };
      const body = { totalBytes: bytes.length, sha256 };

      await c.fails('completeRecording', { token: theirs, params, body }, 403, 'FORBIDDEN');
      await c.fails('completeRecording', { token: mine, params: { recordingId: 'rec_no_such_recording' }, body }, 404, 'NOT_FOUND');
      await c.fails('completeRecording', { token: mine, params, body: { ...body, totalBytes: bytes.length - 1 } }, 400, 'UPLOAD_FAILED');
      await c.fails('completeRecording', { token: mine, params, body: { ...body, totalBytes: bytes.length + 1 } }, 400, 'UPLOAD_FAILED');
      await c.fails('completeRecording', { token: mine, params, body: { ...body, sha256: await sha256Hex(sampleBytes(150_000, 2)) } }, 409, 'CHECKSUM_MISMATCH');

      // A refused completion deletes nothing and completes nothing (R31).
      const supervisor = await c.supervisor();
      const listed = async () =>
        ((await c.ok('listRecordings', { token: supervisor, params: { candidateId: candidates[0]!.id } })) as { id: string }[]).find((r) => r.id === camera.recordingId);
      const before = await listed();
      expect(before).toMatchObject({ bytesReceived: bytes.length, complete: false });
      expect(before).not.toHaveProperty('clientSha256');
      const head = await target.fetch(camera.uploadUrl, { method: 'HEAD', headers: { authorization: `Bearer ${mine}`, 'tus-resumable': '1.0.0' } });
      expect(head.headers.get('upload-offset')).toBe(String(bytes.length));

      const done = (await c.ok('completeRecording', { token: mine, params, body })) as Record<string, unknown>;
      expect(done).toMatchObject({ id: camera.recordingId, kind: 'camera', bytesReceived: bytes.length, complete: true, clientSha256: sha256 });
      expect(done.serverSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(await c.ok('completeRecording', { token: mine, params, body })).toEqual(done);
      await c.fails('completeRecording', { token: mine, params, body: { ...body, sha256: 'e'.repeat(64) } }, 409, 'CHECKSUM_MISMATCH');
      expect(await listed()).toEqual(done);

      // Once complete, the file is the one the client hashed: no byte can be added.
      const more = await target.fetch(camera.uploadUrl, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${mine}`, 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream', 'upload-offset': String(bytes.length) },
        body: new Uint8Array([1, 2, 3]),
      });
      expect(more.status).toBeGreaterThanOrEqual(400);
      expect(more.status).toBeLessThan(500);
      expect(await c.ok('completeRecording', { token: mine, params, body })).toEqual(done);
    });

    it('refuses to complete an upload that is missing bytes, and completes it once they have arrived', async () => {
      const startsAt = nextStart();
      const { tokens } = await c.entered(startsAt);
      const token = tokens[0]!;
      const screen = (await c.ok('createRecording', { token, body: { kind: 'screen', mimeType: 'video/webm' } })) as { recordingId: string; uploadUrl: string };
      const bytes = sampleBytes(100_000, 3);
      const body = { totalBytes: bytes.length, sha256: await sha256Hex(bytes) };
      await tusUpload(target, screen.uploadUrl, token, bytes.subarray(0, 60_000), { declareLength: false });
      await c.fails('completeRecording', { token, params: { recordingId: screen.recordingId }, body }, 400, 'UPLOAD_FAILED');
      await tusUpload(target, screen.uploadUrl, token, bytes);
      expect(await c.ok('completeRecording', { token, params: { recordingId: screen.recordingId }, body })).toMatchObject({ complete: true, bytesReceived: bytes.length });
    });

    it('lets the phone complete its evidence recording, which then counts as uploaded (R30)', async () => {
      const startsAt = nextStart();
      const { tokens } = await c.entered(startsAt);
      const candidate = tokens[0]!;
      const pairing = (await c.ok('createPairing', { token: candidate })) as { code: string };
      const phone = ((await c.ok('pairPhone', { body: { code: pairing.code } })) as { token: string }).token;
      await c.ok('setEvidenceStatus', { token: phone, body: { state: 'recording' } });
      const evidence = (await c.ok('createEvidenceRecording', { token: phone, body: { mimeType: 'video/mp4' } })) as { recordingId: string; uploadUrl: string };
      const bytes = sampleBytes(80_000, 4);
      await tusUpload(target, evidence.uploadUrl, phone, bytes);
      const options = { params: { recordingId: evidence.recordingId }, body: { totalBytes: bytes.length, sha256: await sha256Hex(bytes) } };
      await c.fails('completeRecording', { token: candidate, ...options }, 403, 'FORBIDDEN');
      expect(await c.ok('getEvidenceStatus', { token: candidate })).toMatchObject({ state: 'recording' });
      const done = await c.ok('completeRecording', { token: phone, ...options });
      expect(done).toMatchObject({ kind: 'evidence', complete: true, clientSha256: options.body.sha256 });
      expect(await c.ok('getEvidenceStatus', { token: candidate })).toMatchObject({ state: 'uploaded' });
    });

    it('pairs the phone by code and reports its evidence status to the candidate (R9)', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1);
      await c.setClock(startsAt - 20 * MIN);
      const token = await c.login(candidates[0]!);
      expect(await c.ok('getEvidenceStatus', { token })).toMatchObject({ state: 'waitingForPhone' });
      const pairing = (await c.ok('createPairing', { token })) as { code: string; url: string };
      expect(pairing.url).toContain(pairing.code);
      await c.fails('pairPhone', { body: { code: 'not-a-real-code' } }, 400, 'PAIRING_FAILED');
      const phone = (await c.ok('pairPhone', { body: { code: pairing.code } })) as { token: string; role: string };
      expect(phone.role).toBe('phone');
      await c.ok('setEvidenceStatus', { token: phone.token, body: { state: 'phoneConnected' } });
      await c.ok('setEvidenceStatus', { token: phone.token, body: { state: 'recording' } });
      expect(await c.ok('getEvidenceStatus', { token })).toMatchObject({ state: 'recording' });
      await c.fails('setEvidenceStatus', { token: phone.token, body: { state: 'phoneConnected' } }, 409, 'STAGE_OUT_OF_ORDER');
      await c.ok('createEvidenceRecording', { token: phone.token, body: { mimeType: 'video/mp4' } });
    });

    it('shows the supervisor who is where', async () => {
      const startsAt = nextStart();
      const { sittingId, candidates } = await c.seed(startsAt, 2);
      await c.setClock(startsAt - 20 * MIN);
      const token = await c.login(candidates[0]!);
      await c.ok('saveProgress', { token, body: { stage: 'bindingEvidence' } });
      const supervisor = await c.supervisor();
      const sittings = (await c.ok('listSittings', { token: supervisor })) as { sitting: { id: string } }[];
      expect(sittings.map((s) => s.sitting.id)).toContain(sittingId);
      const statuses = (await c.ok('listCandidates', { token: supervisor, params: { sittingId } })) as { candidate: { id: string }; online: boolean; progress: { stage: string } }[];
      const byId = new Map(statuses.map((s) => [s.candidate.id, s]));
      expect(byId.get(candidates[0]!.id)).toMatchObject({ online: true, progress: { stage: 'bindingEvidence' } });
      expect(byId.get(candidates[1]!.id)).toMatchObject({ online: false });
    });

    it('writes error messages in the caller’s language, zh-CN by default', async () => {
      const zh = await c.fails('getExam', { params: { examId: 'no-such-exam' } }, 404, 'EXAM_NOT_FOUND');
      expect(zh.message).toMatch(/[\u4e00-\u9fff]/);
      const en = await c.fails('getExam', { params: { examId: 'no-such-exam' }, lang: 'en-US,en;q=0.9' }, 404, 'EXAM_NOT_FOUND');
      expect(en.message).toMatch(/^[\x20-\x7e’“”]+$/);
    });
  });
}
