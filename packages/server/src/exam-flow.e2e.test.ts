/**
 * Core's examMachine driven over the REST adapter against the real server: the whole password-login flow to
 * 「上传成功」, with fake media and upload storage, and server time moved by the dev clock control.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLEDGE_VERSION, createExamActor, createServerClock, selectStage, STAGES, type ExamActor } from '@examroom/core';
import {
  createFakeDisplayCheck,
  createFakeEnvironment,
  createFakeIntegritySignals,
  createFakeMediaDevices,
  createFakeRecorder,
  createFakeScreenCapture,
  createFakeVolumeMeter,
  createMemoryChunkStore,
  createMemoryUploadTransport,
} from '@examroom/core/testing';
import { createRestExamApi } from '@examroom/adapters/rest';
import { removeTempDirs, startServer, type TestServer } from './test-support/server.js';

const MIN = 60_000;

describe('examMachine over REST against the reference server', () => {
  let server: TestServer;
  let baseUrl: string;

  beforeAll(async () => {
    server = await startServer({ testClock: true });
    baseUrl = server.baseUrl;
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    removeTempDirs();
  });

  const post = async (path: string, body: unknown, token?: string, method = 'POST') => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

  const waitFor = async (actor: ExamActor, predicate: () => boolean, what: string, ms = 10_000) => {
    const until = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; state ${JSON.stringify(actor.getSnapshot().value)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('walks from 设备准备 to 上传成功 with the password login', async () => {
    const startsAt = Math.ceil((Date.now() + 3 * 60 * MIN) / MIN) * MIN;
    const entryOpensAt = startsAt - 15 * MIN;
    await post('/dev/clock', { now: startsAt - 20 * MIN });
    const seeded = await post('/dev/sittings', {
      examId: 'exam-demo',
      name: '端到端场次',
      startsAt,
      candidates: [{ name: '测试考生', idNumber: '110101199901019999', password: 'e2e-secret', admissionNumber: 'E2E0001' }],
    });
    const candidateId = (seeded.candidates as { id: string }[])[0]!.id;

    const api = createRestExamApi({ baseUrl, fetch, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
    const clock = createServerClock({ fetchServerTime: () => api.getServerTime(), samples: 3 });
    await clock.sync();
    const transport = createMemoryUploadTransport();
    const actor = createExamActor({
      ports: {
        api,
        clock,
        media: createFakeMediaDevices(),
        display: createFakeDisplayCheck(),
        screen: createFakeScreenCapture(),
        recorder: createFakeRecorder(),
        store: createMemoryChunkStore(),
        transport,
        integrity: createFakeIntegritySignals(),
        volume: createFakeVolumeMeter(),
        environment: createFakeEnvironment(),
      },
      input: { examId: 'exam-demo', deviceKey: 'e2e-device-0001' },
    });
    const stages: string[] = [];
    actor.on('stageChanged', (event) => stages.push(event.stage));
    actor.start();
    const is = (state: Parameters<ReturnType<ExamActor['getSnapshot']>['matches']>[0]) => () => actor.getSnapshot().matches(state);

    try {
      await waitFor(actor, is({ checkingDevices: 'reviewing' }), 'device checks');
      actor.send({ type: 'user.continue' });
      await waitFor(actor, is({ login: 'open' }), 'login form');
      actor.send({ type: 'user.usePassword' });
      actor.send({ type: 'user.submitPassword', idNumber: '110101199901019999', password: 'e2e-secret' });
      await waitFor(actor, is('readingProcess'), '阅读面试流程');

      actor.send({ type: 'user.continue' });
      await waitFor(actor, is({ bindingEvidence: 'waiting' }), 'the pairing code');
      const code = actor.getSnapshot().context.pairing!.code;
      const phone = await post('/phone/sessions', { code });
      await post('/phone/evidence', { state: 'phoneConnected' }, phone.token as string, 'PUT');
      await post('/phone/evidence', { state: 'recording' }, phone.token as string, 'PUT');
      await waitFor(actor, () => actor.getSnapshot().context.evidence?.state === 'recording', 'the evidence status over the WebSocket');
      actor.send({ type: 'user.continue' });
      await waitFor(actor, is({ drawingLot: 'idle' }), '抽签');
      actor.send({ type: 'user.draw' });
      await waitFor(actor, () => actor.getSnapshot().context.progress?.lot != null, 'a lot');
      actor.send({ type: 'user.continue' });
      await waitFor(actor, is({ awaitingEntry: 'notYetOpen' }), '进入考试 (not yet open)');

      await post('/dev/clock', { now: entryOpensAt });
      actor.send({ type: 'user.refresh' });
      await waitFor(actor, is({ awaitingEntry: { open: 'ready' } }), '「进入考试」 enabled');
      actor.send({ type: 'user.enter' });
      await waitFor(actor, is({ confirmingDevices: 'ready' }), '设备确认');
      actor.send({ type: 'user.continue' });
      await waitFor(actor, is('confirmingInfo'), '信息确认');
      expect(actor.getSnapshot().context.candidate?.name).toBe('测试考生');
      actor.send({ type: 'user.confirmInfo' });
      // Each confirmation is recorded by the server before the next stage shows (R16, R17).
      await waitFor(actor, is('readingPledge'), '考试承诺书');
      actor.send({ type: 'user.setPledgeAccepted', accepted: true });
      actor.send({ type: 'user.setNoticeAccepted', accepted: true });
      actor.send({ type: 'user.continue' });
      await waitFor(actor, is('countdown'), '考试开始前倒计时');

      // The dev clock stands still where it is set, so the start is set exactly.
      await post('/dev/clock', { now: startsAt });
      await clock.sync();
      await waitFor(actor, is({ answering: { questions: 'shown' } }), 'the questions at the start');
      expect(actor.getSnapshot().context.questions.length).toBe(3);

      actor.send({ type: 'user.endExam' });
      actor.send({ type: 'user.confirmEnd' });
      await waitFor(actor, is('finished'), '上传成功');
    } finally {
      actor.stop();
      clock.stop();
    }

    // Every stage of the candidate guide, in order (R2), with uploading between 结束考试 and 上传成功.
    expect(stages).toEqual([...STAGES]);
    const supervisor = await post('/supervisor/sessions', { username: 'supervisor', password: 'demo-supervisor' });
    const recordings = await fetch(`${baseUrl}/api/v1/supervisor/candidates/${candidateId}/recordings`, {
      headers: { authorization: `Bearer ${supervisor.token as string}` },
    }).then((r) => r.json() as Promise<{ kind: string }[]>);
    expect(recordings.map((r) => r.kind).sort()).toEqual(['camera', 'screen']);
    const me = await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${api.token!}` } }).then(
      (r) => r.json() as Promise<{ progress: { finishReason: string; devicesConfirmedAt: number; infoConfirmedAt: number; pledgeAcceptedAt: number; pledgeVersion: string } }>,
    );
    expect(me.progress.finishReason).toBe('endedEarly');
    // The three confirmations, with server time (the dev clock stood at entryOpensAt) and the pledge text's version.
    expect(me.progress).toMatchObject({ devicesConfirmedAt: entryOpensAt, infoConfirmedAt: entryOpensAt, pledgeAcceptedAt: entryOpensAt, pledgeVersion: PLEDGE_VERSION });
    expect(selectStage(actor.getSnapshot())).toBe('finished');
  }, 60_000);
});
