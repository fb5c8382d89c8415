/**
 * Recording and durable upload (R14, R23, R26, R33) in real headless Chromium (fake camera,
 * microphone and screen), examMachine on the real browser ports, against the real server. The page keeps every
 * chunk its recorder produced (test-browser/exam-page.ts); each test compares what the server holds with that.
 */
import { readFile, stat } from 'node:fs/promises';
import type { CDPSession, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chunkCounts,
  driveToAnswering,
  endExam,
  finalPath,
  killBrowser,
  newProfileDir,
  openExamBrowser,
  problems,
  receivedPath,
  recorded,
  removeProfile,
  seedSitting,
  send,
  serverIncidents,
  serverRecordings,
  sha256Hex,
  stage,
  startExamServer,
  stored,
  view,
  waitUntil,
  webmDurationMs,
  webmHasCues,
  type ExamBrowser,
  type ExamServer,
  type PageView,
  type RecordedSummary,
  type SeededSitting,
  type ServerRecording,
} from '../test-browser/fixture.js';
import { checkMedia } from '../test-browser/media-check.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.error('cleanup failed', error));
});

interface Setup {
  readonly server: ExamServer;
  readonly sitting: SeededSitting;
  readonly profile: string;
  browser: ExamBrowser;
}

async function setup(options: { beforeOpen?: (server: ExamServer, page: Page) => Promise<void> } = {}): Promise<Setup> {
  const server = await startExamServer();
  cleanups.push(() => server.close());
  const sitting = await seedSitting(server);
  const profile = await newProfileDir();
  cleanups.push(() => removeProfile(profile));
  const beforeOpen = options.beforeOpen;
  const browser = await openExamBrowser(server, sitting, { userDataDir: profile, ...(beforeOpen ? { beforeOpen: (page: Page) => beforeOpen(server, page) } : {}) });
  const opened: Setup = { server, sitting, profile, browser };
  cleanups.push(() => opened.browser.close());
  return opened;
}

/** Waits until the recorder of `kind` (the newest of that kind) has produced `count` chunks. */
async function recordUntil(browser: ExamBrowser, kind: 'camera' | 'screen', count: number, timeoutMs = 60_000): Promise<void> {
  try {
    await waitUntil(
      () => chunkCounts(browser.page),
      (counts) => (counts.filter((r) => r.kind === kind).at(-1)?.chunks ?? 0) >= count,
      `${count} ${kind} chunks`,
      timeoutMs,
    );
  } catch (error) {
    const current = await view(browser.page).catch(() => null);
    throw new Error(`${String(error)}\nview: ${JSON.stringify(current)}\npage errors: ${JSON.stringify(browser.errors)}`, { cause: error });
  }
}

const recordingsOf = (v: PageView) => ((v['recording'] as { recordings?: unknown[] } | undefined)?.recordings ?? []) as {
  recordingId: string;
  kind: string;
  bytesRecorded: number;
  bytesAcknowledged: number;
  bytesPending: number;
  state: string;
}[];

/** Per recording still in the page's store: bytes stored minus bytes the server has received (what is not uploaded yet). */
async function notYetUploaded(browser: ExamBrowser, server: ExamServer): Promise<{ kind: string; bytes: number }[]> {
  const out: { kind: string; bytes: number }[] = [];
  for (const recording of await stored(browser.page)) {
    const received = await stat(receivedPath(server, recording.id)).then((s) => s.size, () => 0);
    out.push({ kind: recording.kind, bytes: recording.bytesRecorded - received });
  }
  return out;
}

const stateValue = (browser: ExamBrowser) => browser.page.evaluate(() => window.examroomTest.value()) as Promise<Record<string, Record<string, string>>>;

/** The server's recording for `truth`: complete, same length, client SHA-256 equal to the page's, the received file equal too. */
async function expectOnServer(server: ExamServer, recordings: readonly ServerRecording[], truth: RecordedSummary): Promise<ServerRecording> {
  const onServer = recordings.find((r) => r.id === truth.recordingId);
  expect(onServer, `recording ${truth.recordingId} (${truth.kind}) on the server`).toBeDefined();
  expect(onServer).toMatchObject({ kind: truth.kind, complete: true, bytesReceived: truth.bytes, clientSha256: truth.sha256 });
  expect(sha256Hex(await readFile(receivedPath(server, truth.recordingId)))).toBe(truth.sha256);
  expect(onServer!.serverSha256).toMatch(/^[0-9a-f]{64}$/);
  expect(sha256Hex(await readFile(finalPath(server, truth.recordingId)))).toBe(onServer!.serverSha256);
  return onServer!;
}

/**
 * Every recording the server completed — also those cut off by a reload or a killed browser, which end mid-block —
 * plays: ffprobe finds a duration and `ffmpeg -v error -f null` reports nothing (but Chromium's own dts warning,
 * see media-check.ts); the received bytes are kept unchanged beside the final file.
 */
async function expectEveryRecordingPlays(server: ExamServer, recordings: readonly ServerRecording[]): Promise<void> {
  const complete = recordings.filter((r) => r.complete);
  expect(complete.length).toBeGreaterThan(0);
  for (const recording of complete) {
    const path = finalPath(server, recording.id);
    const media = await checkMedia(path);
    expect({ id: recording.id, kind: recording.kind, errors: media.errors }).toEqual({ id: recording.id, kind: recording.kind, errors: [] });
    expect(media.durationS, `${recording.kind} ${recording.id}: ffprobe duration`).toBeGreaterThan(0);
    const received = await readFile(receivedPath(server, recording.id));
    expect(sha256Hex(await readFile(path.replace(/\.webm$/, '.received.webm')))).toBe(sha256Hex(received));
  }
}

/**
 * How the received file is made of the page's chunks: the longest run of leading chunks it starts with, and of
 * trailing chunks it ends with (when the two do not meet, the chunks between are not in the file).
 */
function matchChunks(file: Buffer, chunks: readonly { size: number; sha256: string }[]): { leading: number; trailing: number; leadingBytes: number; exact: boolean } {
  let leading = 0;
  let offset = 0;
  while (leading < chunks.length) {
    const chunk = chunks[leading]!;
    if (offset + chunk.size > file.length || sha256Hex(file.subarray(offset, offset + chunk.size)) !== chunk.sha256) break;
    offset += chunk.size;
    leading++;
  }
  const leadingBytes = offset;
  if (leading === chunks.length && offset === file.length) return { leading, trailing: 0, leadingBytes, exact: true };
  let trailing = 0;
  let end = file.length;
  while (leading + trailing < chunks.length) {
    const chunk = chunks[chunks.length - 1 - trailing]!;
    if (end - chunk.size < leadingBytes || sha256Hex(file.subarray(end - chunk.size, end)) !== chunk.sha256) break;
    end -= chunk.size;
    trailing++;
  }
  return { leading, trailing, leadingBytes, exact: end === leadingBytes };
}

/**
 * A recording the page left behind (reload, crash): its file on the server must start with every chunk the store
 * held when the page went (`storedCount`), in order. The page's chunk list was read a moment before the page went,
 * so the file may hold more: chunks recorded after that moment and stored before the end.
 */
function expectLeftBehind(file: Buffer, truth: RecordedSummary, storedCount: number) {
  const match = matchChunks(file, truth.chunkList!);
  const figures = { recordedChunks: truth.chunks, storedChunks: storedCount, onServerChunks: match.leading, bytes: file.length, extraBytes: file.length - match.leadingBytes };
  expect(match.leading, JSON.stringify(figures)).toBeGreaterThanOrEqual(storedCount);
  if (match.leading < truth.chunks) expect(match.leadingBytes, JSON.stringify(figures)).toBe(file.length);
  return figures;
}

const maxGap = (times: readonly number[]) => times.slice(1).reduce((max, t, i) => Math.max(max, t - times[i]!), 0);

function report(name: string, figures: unknown): void {
  console.log(`[recording figures] ${name}: ${JSON.stringify(figures)}`);
}

describe('recording and durable upload (real Chromium, fake camera/mic/screen, real server)', () => {
  it('records 30 s of camera+mic and the screen; the server’s files equal the recorded chunks and are seekable', async () => {
    const { server, sitting, browser } = await setup();
    const trail = await driveToAnswering(server, browser.page, sitting);
    expect(trail).toEqual([
      'checkingDevices',
      'login',
      'readingProcess',
      'bindingEvidence',
      'drawingLot',
      'awaitingEntry',
      'confirmingDevices',
      'confirmingInfo',
      'readingPledge',
      'countdown',
      'answering',
    ]);
    await recordUntil(browser, 'camera', 31);
    // Uploading runs live: while answering, the server is at most a few chunks behind the store.
    const lag = await notYetUploaded(browser, server);
    expect(lag.map((r) => r.kind).sort()).toEqual(['camera', 'screen']);
    expect(lag.every((r) => r.bytes < 300_000), JSON.stringify(lag)).toBe(true);
    await endExam(browser.page);

    const truths = await recorded(browser.page);
    expect(truths.map((t) => [t.kind, t.ended])).toEqual([
      ['screen', 'complete'],
      ['camera', 'complete'],
    ]);
    const recordings = await serverRecordings(server, sitting);
    await expectEveryRecordingPlays(server, recordings);
    expect(recordings).toHaveLength(2);
    const figures: Record<string, unknown> = { notUploadedWhileAnswering: lag };
    for (const truth of truths) {
      const onServer = await expectOnServer(server, recordings, truth);
      const decoded = await webmDurationMs(finalPath(server, truth.recordingId));
      expect(onServer.durationMs).toBeGreaterThan(25_000);
      expect(decoded).not.toBeNull();
      expect(Math.abs(decoded! - onServer.durationMs!)).toBeLessThanOrEqual(1);
      expect(await webmHasCues(finalPath(server, truth.recordingId))).toBe(true);
      figures[truth.kind] = { mimeType: truth.mimeType, chunks: truth.chunks, bytes: truth.bytes, durationMs: onServer.durationMs, decodedDurationMs: decoded };
    }
    expect(await problems(browser.page)).toEqual([]);
    report('30 s recording', figures);
  });

  it('keeps recording through three offline windows and uploads everything afterwards', async () => {
    const { server, sitting, browser } = await setup();
    await driveToAnswering(server, browser.page, sitting);
    await recordUntil(browser, 'camera', 2);
    const windows: { cameraChunks: number; screenChunks: number; notUploaded: { kind: string; bytes: number }[]; viewStates: string[] }[] = [];
    for (let i = 0; i < 3; i++) {
      const before = await recorded(browser.page);
      const storedAtStart = await stored(browser.page);
      await browser.context.setOffline(true);
      await waitUntil(() => view(browser.page), (v) => v['online'] === false, 'the machine to see offline', 15_000);
      expect(await stateValue(browser)).toMatchObject({ answering: { network: 'offline' } });
      // Offline for five more chunks of each recording (a timeslice is a second; the gaps between chunks are checked
      // at the end).
      const chunksBefore = (kind: string) => before.find((t) => t.kind === kind)!.chunks;
      await waitUntil(
        () => chunkCounts(browser.page),
        (counts) => ['camera', 'screen'].every((kind) => counts.find((c) => c.kind === kind)!.chunks - chunksBefore(kind) >= 5),
        'five chunks of each recording while offline',
      );
      const during = await view(browser.page);
      const after = await recorded(browser.page);
      expect(during.stage).toBe('answering');
      const grown = (kind: string) => after.find((t) => t.kind === kind)!.chunks - chunksBefore(kind);
      windows.push({
        cameraChunks: grown('camera'),
        screenChunks: grown('screen'),
        notUploaded: await notYetUploaded(browser, server),
        // What the machine's upload progress said meanwhile (see the report: it is not refreshed while offline).
        viewStates: recordingsOf(during).map((r) => `${r.state}/${r.bytesPending}`),
      });
      // The recorder never stops while offline.
      expect(grown('camera')).toBeGreaterThanOrEqual(4);
      expect(grown('screen')).toBeGreaterThanOrEqual(4);
      // Offline, every chunk goes to IndexedDB: the store holds more and more bytes that the server has not got.
      // (The store writes a chunk a moment after the recorder hands it on.)
      const storedDuring = await waitUntil(
        () => stored(browser.page),
        (list) => list.every((recording) => recording.chunkCount - storedAtStart.find((r) => r.id === recording.id)!.chunkCount >= 4),
        'four more chunks of each recording in IndexedDB',
      );
      for (const recording of storedDuring) {
        const was = storedAtStart.find((r) => r.id === recording.id)!;
        expect(recording.chunkCount - was.chunkCount).toBeGreaterThanOrEqual(4);
        const onServer = (await stat(receivedPath(server, recording.id))).size;
        expect(recording.bytesRecorded).toBeGreaterThan(onServer);
      }
      await browser.context.setOffline(false);
      await waitUntil(() => view(browser.page), (v) => v['online'] === true, 'the machine to see online', 15_000);
      expect(await stateValue(browser)).toMatchObject({ answering: { network: 'online' } });
      // Online again until the server has what piled up in IndexedDB during the window, and this window's offline
      // incident: the page resends it after growing delays (up to 30 s) until the server takes it.
      await waitUntil(
        async () => ({
          bytesShort: await Promise.all(storedDuring.map(async (recording) => recording.bytesRecorded - (await stat(receivedPath(server, recording.id))).size)),
          offlineIncidents: (await serverIncidents(server, sitting)).filter((incident) => incident.kind === 'offline').length,
        }),
        ({ bytesShort, offlineIncidents }) => bytesShort.every((bytes) => bytes <= 0) && offlineIncidents >= i + 1,
        'the server to receive what was stored while offline, and the offline incident',
        60_000,
      );
    }
    // Back online, the queue catches up while the candidate keeps answering.
    const caughtUp = await waitUntil(
      () => notYetUploaded(browser, server),
      (lagging) => lagging.every((r) => r.bytes < 200_000),
      'the upload to catch up',
      20_000,
    );
    expect(await stage(browser.page)).toBe('answering');
    await endExam(browser.page);

    const truths = await recorded(browser.page);
    const recordings = await serverRecordings(server, sitting);
    await expectEveryRecordingPlays(server, recordings);
    expect(recordings).toHaveLength(2);
    for (const truth of truths) {
      await expectOnServer(server, recordings, truth);
      // The recorder never paused: no gap between chunks much beyond the one-second timeslice.
      expect(maxGap(truth.times)).toBeLessThan(2_500);
    }
    const incidents = await serverIncidents(server, sitting);
    expect(incidents.filter((i) => i.kind === 'offline').length).toBeGreaterThanOrEqual(3);
    expect(await problems(browser.page)).toEqual([]);
    report('offline windows', {
      windows,
      notUploadedAfterCatchingUp: caughtUp,
      recordings: truths.map((t) => ({ kind: t.kind, chunks: t.chunks, bytes: t.bytes, maxGapMs: Math.round(maxGap(t.times)) })),
      offlineIncidents: incidents.filter((i) => i.kind === 'offline').length,
    });
  });

  it('uploads what was recorded before a reload; the candidate shares the screen again and records on', async () => {
    const { server, sitting, browser } = await setup();
    await driveToAnswering(server, browser.page, sitting);
    await recordUntil(browser, 'camera', 6);
    const storedBefore = await stored(browser.page);
    const before = await recorded(browser.page, true);
    await browser.page.reload();
    await browser.page.waitForFunction(() => 'examroomTest' in window, undefined, { polling: 50 });

    // The kept session: no login form, straight back to 开始答题 once the screen is shared again.
    const trail = await driveToAnswering(server, browser.page, sitting);
    expect(trail).toContain('resuming');
    expect(trail).not.toContain('login');
    expect(trail).not.toContain('awaitingEntry');
    await recordUntil(browser, 'camera', 4);
    await endExam(browser.page);

    const after = await recorded(browser.page);
    const recordings = await serverRecordings(server, sitting);
    await expectEveryRecordingPlays(server, recordings);
    expect(recordings).toHaveLength(4);
    const figures: Record<string, unknown>[] = [];
    for (const truth of before) {
      const onServer = recordings.find((r) => r.id === truth.recordingId)!;
      expect(onServer).toMatchObject({ complete: true });
      const file = await readFile(receivedPath(server, truth.recordingId));
      expect(sha256Hex(file)).toBe(onServer.clientSha256);
      // The file is the chunks recorded before the reload, in order; everything the store held is in it.
      const storedCount = storedBefore.find((s) => s.id === truth.recordingId)!.chunkCount;
      figures.push({ kind: truth.kind, ...expectLeftBehind(file, truth, storedCount) });
    }
    for (const truth of after) {
      await expectOnServer(server, recordings, truth);
      figures.push({ kind: truth.kind, afterReload: true, chunks: truth.chunks, bytes: truth.bytes });
    }
    expect(await problems(browser.page)).toEqual([]);
    report('reload', { trailAfterReload: trail, recordings: figures });
  });

  it('uploads after a crash: a killed browser, reopened on the same profile, logs in again and sends the rest', async () => {
    const setupResult = await setup();
    const { server, sitting, profile } = setupResult;
    let browser = setupResult.browser;
    await driveToAnswering(server, browser.page, sitting);
    await recordUntil(browser, 'camera', 3);
    await browser.context.setOffline(true);
    await waitUntil(() => view(browser.page), (v) => v['online'] === false, 'offline', 15_000);
    // Offline until five more chunks of each recording are in IndexedDB (about five seconds of recording).
    const storedAtCut = await stored(browser.page);
    const storedBefore = await waitUntil(
      () => stored(browser.page),
      (list) => list.length === 2 && list.every((recording) => recording.chunkCount - (storedAtCut.find((r) => r.id === recording.id)?.chunkCount ?? 0) >= 5),
      'five more chunks of each recording in IndexedDB while offline',
    );
    const before = await recorded(browser.page, true);
    // Only IndexedDB holds the last seconds: the server has less than the store.
    const pendingBefore: { id: string; kind: string; pending: number }[] = [];
    for (const recording of storedBefore) {
      pendingBefore.push({ id: recording.id, kind: recording.kind, pending: recording.bytesRecorded - (await stat(receivedPath(server, recording.id))).size });
    }
    expect(pendingBefore).toHaveLength(2);
    expect(pendingBefore.every((r) => r.pending > 0)).toBe(true);
    // The page keeps its key where every examroom page does (browserDeviceKey's DEVICE_KEY_STORAGE_NAME).
    const deviceKey = () => browser.page.evaluate(() => localStorage.getItem('examroom-device-key'));
    const keyBefore = await deviceKey();
    const killedPid = await killBrowser(browser);
    // Half a minute passes before the candidate is back: the crashed page's session has gone stale (R6), whatever
    // the crash left of localStorage's device key.
    await server.setClock(sitting.startsAt + 31_000);

    browser = await openExamBrowser(server, sitting, { userDataDir: profile });
    setupResult.browser = browser;
    cleanups.push(() => browser.close());
    const keyKept = (await deviceKey()) === keyBefore;
    // Logging in again (unless the crash left the session token in localStorage), then straight back to 开始答题.
    const trail = await driveToAnswering(server, browser.page, sitting);
    expect(trail).toContain('resuming');
    expect(trail).not.toContain('readingProcess');
    await recordUntil(browser, 'camera', 3);
    await endExam(browser.page);

    const after = await recorded(browser.page);
    const recordings = await serverRecordings(server, sitting);
    await expectEveryRecordingPlays(server, recordings);
    expect(recordings).toHaveLength(4);
    const figures: Record<string, unknown>[] = [];
    for (const truth of before) {
      const onServer = recordings.find((r) => r.id === truth.recordingId)!;
      expect(onServer).toMatchObject({ complete: true });
      const file = await readFile(receivedPath(server, truth.recordingId));
      expect(sha256Hex(file)).toBe(onServer.clientSha256);
      const storedCount = storedBefore.find((s) => s.id === truth.recordingId)!.chunkCount;
      figures.push({
        kind: truth.kind,
        pendingBytesAtCrash: pendingBefore.find((p) => p.id === truth.recordingId)?.pending,
        ...expectLeftBehind(file, truth, storedCount),
      });
    }
    for (const truth of after) await expectOnServer(server, recordings, truth);
    expect(await problems(browser.page)).toEqual([]);
    report('crash', { killedPid, deviceKeyKept: keyKept, recordings: figures, afterCrash: after.map((t) => ({ kind: t.kind, chunks: t.chunks, bytes: t.bytes })) });
  });

  it('resumes from the server’s offset after the server restarts mid-upload', async () => {
    const { server, sitting, browser } = await setup();
    await driveToAnswering(server, browser.page, sitting);
    await recordUntil(browser, 'camera', 2);
    // A slow uplink (48 KB/s, less than the two recordings make), so that a PATCH is always on its way when the
    // server goes down, and a backlog waits in IndexedDB.
    const cdp = await browser.context.newCDPSession(browser.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 48 * 1024 });
    await recordUntil(browser, 'camera', 6);
    const ids = (await chunkCounts(browser.page)).map((c) => c.id);
    const storedAtRestart = await stored(browser.page);
    const sizesAtClose: Record<string, number> = {};
    // The server crashes: open connections are cut, requests in flight end mid-body.
    await server.restart({
      cut: true,
      downMs: 1_500,
      whileDown: async () => {
        for (const id of ids) sizesAtClose[id] = (await stat(receivedPath(server, id))).size;
      },
    });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
    // The recorder does not notice; the queue resumes against the new server.
    await waitUntil(
      async () => server.uploads.filter((u) => u.generation === 2),
      (patches) => ids.every((id) => patches.some((p) => p.recordingId === id)),
      'uploads to the restarted server',
      20_000,
    );
    await recordUntil(browser, 'camera', 9);
    expect(await stage(browser.page)).toBe('answering');
    await endExam(browser.page);

    const truths = await recorded(browser.page);
    const recordings = await serverRecordings(server, sitting);
    await expectEveryRecordingPlays(server, recordings);
    expect(recordings).toHaveLength(2);
    const figures: Record<string, unknown>[] = [];
    for (const truth of truths) {
      await expectOnServer(server, recordings, truth);
      const atClose = sizesAtClose[truth.recordingId]!;
      const storedBytes = storedAtRestart.find((r) => r.id === truth.recordingId)!.bytesRecorded;
      // Mid-upload: the server had some of the recording and the store more.
      expect(atClose).toBeGreaterThan(0);
      expect(storedBytes).toBeGreaterThan(atClose);
      const dataPatches = server.uploads.filter((u) => u.generation === 2 && u.recordingId === truth.recordingId && u.contentLength > 0);
      // The first byte sent to the new server is the one after what the old one had kept, even when that is in the
      // middle of a chunk; nothing is sent twice.
      expect(dataPatches[0]?.uploadOffset).toBe(atClose);
      const sentAfter = dataPatches.reduce((sum, u) => sum + u.contentLength, 0);
      expect(sentAfter).toBe(truth.bytes - atClose);
      const patchesBefore = server.uploads.filter((u) => u.generation === 1 && u.recordingId === truth.recordingId);
      const lastBefore = patchesBefore.at(-1);
      figures.push({
        kind: truth.kind,
        storedAtRestart: storedBytes,
        bytesOnServerAtRestart: atClose,
        lastPatchBeforeRestart: lastBefore ? { offset: lastBefore.uploadOffset, length: lastBefore.contentLength } : null,
        cutMidRequest: lastBefore ? lastBefore.uploadOffset! + lastBefore.contentLength > atClose : false,
        firstOffsetAfterRestart: dataPatches[0]?.uploadOffset,
        bytesSentAfterRestart: sentAfter,
        totalBytes: truth.bytes,
        chunks: truth.chunks,
      });
    }
    // At least one request was cut off mid-body (the server kept part of it), and resuming started from there.
    expect(figures.some((f) => f['cutMidRequest'] === true)).toBe(true);
    expect(await problems(browser.page)).toEqual([]);
    report('server restart', figures);
  });

  it('storage running out: the candidate sees STORAGE_QUOTA_LOW, the supervisor a storageLow incident, nothing stored is lost', async () => {
    /** The origin's storage is limited to 1 MB, before the page opens IndexedDB (an open database keeps the budget it was given). */
    const QUOTA = 1024 * 1024;
    let cdp: CDPSession | undefined;
    const { server, sitting, browser } = await setup({
      beforeOpen: async (server, page) => {
        cdp = await page.context().newCDPSession(page);
        await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.origin, quotaSize: QUOTA });
      },
    });
    const origin = server.origin;
    await driveToAnswering(server, browser.page, sitting);
    await recordUntil(browser, 'camera', 3);
    // Online, the queue keeps the store nearly empty. Offline, chunks pile up in IndexedDB until the quota refuses
    // the next one (QuotaExceededError, as on a full disk).
    await browser.context.setOffline(true);
    const low = await waitUntil(() => view(browser.page), (v) => v['uploadError'] === 'STORAGE_QUOTA_LOW', 'STORAGE_QUOTA_LOW in the view', 20_000);
    expect(low.stage).toBe('answering');
    const storedAtCut = await stored(browser.page);
    const countsAtCut = await chunkCounts(browser.page);
    const usageAtCut = await cdp!.send('Storage.getUsageAndQuota', { origin });
    const estimateSeenByPage = await browser.page.evaluate(() => window.examroomTest.estimate());
    // The recorder goes on (three more chunks of each recording); chunks that find no room are held in memory (a
    // few), and the chunk after those ends the part: it stops there, and the next part starts once it is uploaded.
    await waitUntil(
      () => chunkCounts(browser.page),
      (counts) => countsAtCut.every((atCut) => counts.find((c) => c.id === atCut.id)!.chunks - atCut.chunks >= 3),
      'three more chunks of each recording while storage is full',
    );
    const storedWhileFull = await stored(browser.page);
    expect(await stage(browser.page)).toBe('answering');
    await browser.context.setOffline(false);
    const incidents = await waitUntil(
      () => serverIncidents(server, sitting),
      (list) => list.some((i) => i.kind === 'storageLow'),
      'a storageLow incident for the supervisor',
      // Reported while offline, it is resent after growing delays (up to 30 s).
      60_000,
    );
    // Room again (the default quota): recording is stored and uploaded as before, two more chunks of each kind in
    // its latest part (a part that had to drop a chunk ended there, and the next part took over).
    await cdp!.send('Storage.overrideQuotaForOrigin', { origin });
    await cdp!.detach();
    const storedWithRoom = await stored(browser.page);
    const latestParts = async () => {
      const counts = chunkCounts(browser.page);
      return { list: await stored(browser.page), latest: (['camera', 'screen'] as const).map((kind) => counts.then((all) => all.filter((c) => c.kind === kind).at(-1)!.id)) };
    };
    await waitUntil(
      async () => {
        const { list, latest } = await latestParts();
        return { list, ids: await Promise.all(latest) };
      },
      ({ list, ids }) => ids.every((id) => (list.find((r) => r.id === id)?.chunkCount ?? 0) - (storedWithRoom.find((r) => r.id === id)?.chunkCount ?? 0) >= 2),
      'two more chunks of each kind stored in its latest part once there is room again',
      60_000,
    ).catch(async (error: unknown) => {
      const state = { counts: await chunkCounts(browser.page), stored: await stored(browser.page), server: await serverRecordings(server, sitting), view: (await view(browser.page))['recording'], problems: await problems(browser.page) };
      throw new Error(`${String(error)}\n${JSON.stringify(state)}`, { cause: error });
    });
    expect(await stage(browser.page)).toBe('answering');
    await endExam(browser.page);

    const truths = await recorded(browser.page, true);
    const recordings = await serverRecordings(server, sitting);
    // Every part the page recorded is on the server, complete — or, when it kept nothing (the disk full from its first
    // chunk, or full when it was to start), given up empty: the server keeps it abandoned, with no bytes.
    expect(truths.filter((t) => !recordings.some((r) => r.id === t.recordingId))).toEqual([]);
    expect(recordings.filter((r) => !r.complete).map((r) => r.bytesReceived)).toEqual(recordings.filter((r) => !r.complete).map(() => 0));
    const figures: Record<string, unknown>[] = [];
    for (const truth of truths.filter((t) => recordings.some((r) => r.id === t.recordingId && r.complete))) {
      const onServer = recordings.find((r) => r.id === truth.recordingId)!;
      expect(onServer).toMatchObject({ complete: true });
      const file = await readFile(receivedPath(server, truth.recordingId));
      expect(sha256Hex(file)).toBe(onServer.clientSha256);
      const match = matchChunks(file, truth.chunkList!);
      const storedCount = storedAtCut.find((s) => s.id === truth.recordingId)?.chunkCount ?? 0;
      const entry = {
        id: truth.recordingId,
        kind: truth.kind,
        recordedChunks: truth.chunks,
        recordedAtCut: countsAtCut.find((c) => c.id === truth.recordingId)?.chunks,
        storedAtCut: storedCount,
        storedWhileFull: storedWhileFull.find((s) => s.id === truth.recordingId)?.chunkCount,
        onServerLeading: match.leading,
        onServerTrailing: match.trailing,
        droppedChunks: truth.chunks - match.leading,
        bytesOnServer: file.length,
      };
      figures.push(entry);
      // The file is the part's recorded chunks in order, from the first, with nothing left out inside: a part that
      // had to drop a chunk ends before it (the next part goes on). Every chunk stored before space ran out is in it.
      expect(match.leadingBytes, JSON.stringify(entry)).toBe(file.length);
      expect(match.leading, JSON.stringify(entry)).toBeGreaterThanOrEqual(storedCount);
    }
    await expectEveryRecordingPlays(server, recordings);
    expect(await problems(browser.page)).toEqual([]);
    report('storage running out', {
      quota: QUOTA,
      usageAtCut: usageAtCut.usage,
      estimateSeenByPage,
      incidents: incidents.map((i) => i.kind),
      recordings: figures,
    });
  });

  it('a screen share stopped by the candidate: an incident, 「重新共享」, and a new screen recording', async () => {
    const { server, sitting, browser } = await setup();
    await driveToAnswering(server, browser.page, sitting);
    await recordUntil(browser, 'camera', 3);
    await browser.page.evaluate(() => window.examroomTest.stopScreenShare());
    const lost = await waitUntil(
      () => view(browser.page),
      (v) => (v['recording'] as { phase: string }).phase === 'screenLost',
      'recording phase screenLost',
      15_000,
    );
    expect(lost.stage).toBe('answering');
    const incidents = await waitUntil(
      () => serverIncidents(server, sitting),
      (list) => list.some((i) => i.kind === 'screenShareEnded'),
      'a screenShareEnded incident',
      10_000,
    ).catch(async (error: unknown) => {
      const reports = await browser.page.evaluate(() => window.examroomTest.incidentReports());
      throw new Error(`${String(error)}\nincident reports: ${JSON.stringify(reports)}\ncontext: ${JSON.stringify(await browser.page.evaluate(() => window.examroomTest.value()))}`);
    });
    await send(browser.page, { type: 'user.shareScreen' });
    await waitUntil(() => view(browser.page), (v) => (v['recording'] as { phase: string }).phase === 'ok', 'recording phase ok again', 10_000);
    await waitUntil(
      () => recorded(browser.page),
      (list) => list.filter((t) => t.kind === 'screen').length === 2 && list.at(-1)!.chunks >= 3,
      'a second screen recording with 3 chunks',
      30_000,
    );
    await endExam(browser.page);

    const truths = await recorded(browser.page);
    expect(truths.map((t) => [t.kind, t.ended])).toEqual([
      ['screen', 'complete'],
      ['camera', 'complete'],
      ['screen', 'complete'],
    ]);
    const recordings = await serverRecordings(server, sitting);
    await expectEveryRecordingPlays(server, recordings);
    expect(recordings).toHaveLength(3);
    for (const truth of truths) await expectOnServer(server, recordings, truth);
    expect(await problems(browser.page)).toEqual([]);
    report('screen share stopped', {
      incidents: incidents.map((i) => i.kind),
      recordings: truths.map((t) => ({ kind: t.kind, chunks: t.chunks, bytes: t.bytes })),
    });
  });
});
