/**
 * Failover: two examroom servers (each its own process) on one PostgreSQL and one data directory, HAProxy in front
 * (test-browser/cluster.ts, as deploy/cluster runs them). A candidate sits the interview on the portal through
 * HAProxy — their calls, uploads and live socket land on either server — while a supervisor watches on /proctor and
 * on a socket of their own. During 开始答题 one server is killed (SIGKILL) and started again: the candidate loses a
 * reconnect and nothing more. The uploads go on through the other server from the exact offset, the stage and the
 * timer stay, the console keeps updating, and at the end each recording's bytes on the server are the recorder's
 * chunks exactly (SHA-256), and the supervisor saw every stage.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PROCTOR_CONSOLE_LOCALES, PROGRESS_STAGES, type ProgressStage } from '@examroom/core';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import { startCluster, type Cluster } from '../test-browser/cluster.js';
import { tapMediaRecorders } from '../test-browser/phone-device.js';
import {
  Journey,
  MIN,
  clockSeconds,
  openPortal,
  openSittingConsole,
  seedPortalSitting,
  seriousErrors,
  serverRecordings,
  supervisorToken,
  waitForBothRecordings,
  type PortalBrowser,
  type SittingConsole,
} from '../test-browser/portal.js';

const m = PROCTOR_CONSOLE_LOCALES['zh-CN'];
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface CandidateStatusEvent {
  readonly type: string;
  readonly status?: { readonly candidate: { readonly id: string }; readonly progress: { readonly stage: ProgressStage } };
}

/**
 * A supervisor's own live socket through HAProxy, following one candidate's stage as candidate.status tells it. It
 * reconnects when its server goes away, and then reads the sitting's statuses once, as the console does.
 */
function watchCandidate(cluster: Cluster, token: string, sittingId: string, candidateId: string) {
  const stages: ProgressStage[] = [];
  let reconnects = 0;
  let stopped = false;
  let socket: WebSocket | null = null;
  const note = (stage: ProgressStage) => {
    if (stages.at(-1) !== stage) stages.push(stage);
  };
  const connect = (again: boolean) => {
    const ws = new WebSocket(`${cluster.origin.replace(/^http/, 'ws')}/api/v1/ws`);
    socket = ws;
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'auth', token }));
      if (again) {
        void cluster
          .call<{ candidate: { id: string }; progress: { stage: ProgressStage } }[]>('GET', `/supervisor/sittings/${sittingId}/candidates`, { token })
          .then((statuses) => {
            const status = statuses.find((s) => s.candidate.id === candidateId);
            if (status) note(status.progress.stage);
          })
          .catch(() => undefined);
      }
    });
    ws.on('message', (data) => {
      const event = JSON.parse(String(data)) as CandidateStatusEvent;
      if (event.type === 'candidate.status' && event.status?.candidate.id === candidateId) note(event.status.progress.stage);
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      if (stopped) return;
      reconnects += 1;
      setTimeout(() => connect(true), 200);
    });
  };
  connect(false);
  return {
    stages,
    get reconnects() {
      return reconnects;
    },
    stop() {
      stopped = true;
      socket?.close();
    },
  };
}

describe('two servers behind HAProxy, one killed during 开始答题', () => {
  let cluster: Cluster;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    cluster = await startCluster(2);
  }, 180_000);

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await cluster?.close();
  });

  it('costs the candidate a reconnect and nothing more: uploads resume, stage and timer stay, the console follows', { timeout: 300_000 }, async () => {
    const startsAt = Math.ceil((Date.now() + 60 * MIN) / MIN) * MIN;
    const sitting = await seedPortalSitting(cluster, { startsAt, answerMs: 10 * MIN });
    await cluster.setClock(sitting.startsAt - 20 * MIN);
    const token = await supervisorToken(cluster);
    const watcher = watchCandidate(cluster, token, sitting.sittingId, sitting.candidate.id);
    closers.push(async () => watcher.stop());
    const console_: SittingConsole = await openSittingConsole(cluster, sitting.sittingId);
    closers.push(() => console_.close());
    const row = console_.page.locator(`exam-proctor-console tr[data-candidate="${sitting.candidate.id}"]`);
    await row.waitFor({ timeout: 30_000 });

    // ---- the candidate walks to 开始答题; every recorder's chunks are copied as the browser hands them out ----
    const portal: PortalBrowser = await openPortal(cluster, 'zh-CN');
    closers.push(() => portal.close());
    const tap = await tapMediaRecorders(portal.context);
    await portal.page.reload();
    const journey = new Journey(cluster, sitting, portal, { locale: 'zh-CN' });
    await journey.walkToAnswering(12_000);
    await waitForBothRecordings(cluster, sitting.candidate.id, 30_000, 60_000);
    await waitUntil(() => row.locator('.stage').textContent(), (text) => text === m.stages.answering, 'the console showing 开始答题');

    // ---- server 1 is killed mid-upload; the uploads go on through server 2 ----
    const before = await serverRecordings(cluster, sitting.candidate.id, token);
    const timerBefore = clockSeconds(await journey.waitForTimer((left) => left !== null, 'the answer timer'));
    const killedAt = Date.now();
    await cluster.kill(0);
    const grown = await waitUntil(
      () => serverRecordings(cluster, sitting.candidate.id, token),
      (now) =>
        (['camera', 'screen'] as const).every((kind) => {
          const was = before.find((r) => r.kind === kind)!;
          const is = now.find((r) => r.id === was.id);
          return is !== undefined && is.bytesReceived > was.bytesReceived + 100_000;
        }),
      'both recordings growing through the other server',
      90_000,
    );
    // The same parts go on: no new part was started for the kill (the upload resumed, it did not start over).
    expect(grown.filter((r) => r.kind === 'camera' || r.kind === 'screen').map((r) => r.id).sort()).toEqual(before.filter((r) => r.kind === 'camera' || r.kind === 'screen').map((r) => r.id).sort());
    // The stage and the timer stay: still answering, the countdown where it was less the time that passed.
    expect(await journey.page.locator('exam-room [data-stage="answering"]').isVisible()).toBe(true);
    const timerAfter = clockSeconds(await journey.waitForTimer((left) => left !== null, 'the answer timer after the kill'));
    const passed = (Date.now() - killedAt) / 1000;
    expect(timerAfter).toBeLessThanOrEqual(timerBefore);
    expect(timerAfter).toBeGreaterThanOrEqual(timerBefore - passed - 5);

    // ---- server 1 starts again; the interview ends through whichever server answers ----
    await cluster.start(0);
    await journey.click('结束考试');
    await journey.click('确认');
    await journey.arrive('finished', { timeoutMs: 120_000 });
    await portal.page.getByText('上传成功').first().waitFor({ timeout: 30_000 });

    // ---- every byte: each recording's file is its recorder's chunks, exactly ----
    const recordings = await waitUntil(
      () => serverRecordings(cluster, sitting.candidate.id, token),
      (now) => now.filter((r) => r.kind === 'camera' || r.kind === 'screen').every((r) => r.complete),
      'both recordings complete',
      60_000,
    );
    const received = await Promise.all(
      recordings.filter((r) => r.kind === 'camera' || r.kind === 'screen').map(async (r) => sha256(await readFile(join(cluster.dataDir, 'uploads', r.id)))),
    );
    const recorded = tap.recorders.filter((r) => r.chunks.length > 0).map((r) => sha256(Buffer.concat(r.chunks)));
    expect(received.sort()).toEqual(recorded.sort());

    // ---- the supervisor saw every stage, and the console kept up ----
    await waitUntil(() => Promise.resolve(watcher.stages.at(-1)), (stage) => stage === 'finished', 'the supervisor told the candidate finished', 30_000);
    const first = PROGRESS_STAGES.indexOf(watcher.stages[0]!);
    expect(watcher.stages).toEqual(PROGRESS_STAGES.slice(first).filter((stage) => stage !== 'uploading' || watcher.stages.includes('uploading')));
    expect(first).toBeLessThanOrEqual(PROGRESS_STAGES.indexOf('readingProcess'));
    await waitUntil(() => row.locator('.stage').textContent(), (text) => text === m.stages.finished, 'the console showing the candidate finished', 30_000);
    expect(seriousErrors(portal.errors)).toEqual([]);
    expect(seriousErrors(console_.errors)).toEqual([]);
  });
});
