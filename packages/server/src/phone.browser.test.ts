/**
 * The phone's evidence recorder (R9, R10, R30) in real headless Chromium against the real server, with two browsers:
 * the candidate's computer on the portal and a phone-emulating one (mobile viewport, touch) on `/phone`. The phone
 * pairs the way a candidate pairs it — the QR code's link read from the PC's screen, the QR code scanned in the page
 * from a fake camera that shows it, or the code typed — turns the compass through DevTools, and records with the real
 * pipeline. What the server holds is compared with every chunk the phone's MediaRecorder handed out.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGES } from '@examroom/core';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import { checkMedia } from '../test-browser/media-check.js';
import { Phone, evidenceParts, finalisedPath, receivedBytes, sha256 } from '../test-browser/phone.js';
import { qrCodeCamera, readQrCode, type TappedRecorder } from '../test-browser/phone-device.js';
import {
  Journey,
  MIN,
  openPortal,
  seedPortalSitting,
  seriousErrors,
  serverRecordings,
  portalServerPerFile,
  supervisorToken,
  watchPhoneStatus,
  type PortalBrowser,
  type PortalServer,
  type PortalSitting,
  type ServerRecording,
} from '../test-browser/portal.js';

const DAY = 24 * 60 * MIN;

let server: PortalServer;
const cleanups = portalServerPerFile((started) => (server = started));
/** Every sitting starts a day after the previous one: the dev clock never goes back. */
let nextStart = Math.ceil((Date.now() + 60 * MIN) / MIN) * MIN;

async function sitting(clockFromStart: number): Promise<PortalSitting> {
  nextStart += DAY;
  const seeded = await seedPortalSitting(server, { startsAt: nextStart });
  await server.setClock(seeded.startsAt + clockFromStart);
  return seeded;
}

async function pc(seeded: PortalSitting): Promise<{ browser: PortalBrowser; journey: Journey }> {
  const browser = await openPortal(server, 'zh-CN');
  cleanups.push(() => browser.close());
  return { browser, journey: new Journey(server, seeded, browser, { locale: 'zh-CN' }) };
}

async function phone(url: string, options: Parameters<typeof Phone.open>[2] = {}): Promise<Phone> {
  const opened = await Phone.open(server, url, options);
  cleanups.push(() => opened.close());
  return opened;
}

/** To 佐证绑定 on the PC: 设备准备, 普通登录, 阅读面试流程. */
async function toBindingEvidence(journey: Journey): Promise<void> {
  await journey.checkDevices();
  await journey.passwordLogin();
  await journey.readProcedure();
}

const evidenceOf = async (seeded: PortalSitting) => evidenceParts(await serverRecordings(server, seeded.candidate.id));

/** The server's evidence status of the candidate, as the supervisor reads it. */
async function evidenceStatus(seeded: PortalSitting): Promise<{ state: string; bytesReceived?: number; bytesExpected?: number }> {
  const token = await supervisorToken(server);
  const candidates = await server.call<{ candidate: { id: string }; evidence: { state: string } }[]>('GET', `/supervisor/sittings/${seeded.sittingId}/candidates`, { token });
  const found = candidates.find((c) => c.candidate.id === seeded.candidate.id);
  if (!found) throw new Error('candidate not in the sitting');
  return found.evidence;
}

/**
 * Each part on the server holds exactly what its recorder handed out: a part whose recorder stopped holds every chunk;
 * a part cut off by a reload or a closed tab holds its chunks up to the cut, missing at most the one in flight.
 */
async function expectPartsEqualRecorders(parts: readonly ServerRecording[], recorders: readonly TappedRecorder[]): Promise<Record<string, unknown>[]> {
  expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => i + 1));
  expect(parts.length).toBe(recorders.length);
  const figures: Record<string, unknown>[] = [];
  for (const [i, part] of parts.entries()) {
    const recorder = recorders[i]!;
    expect(part.complete, `part ${part.part} complete`).toBe(true);
    expect(part.mimeType.split(';')[0]).toBe(recorder.mimeType.split(';')[0]);
    const received = await receivedBytes(server, part.id);
    const all = Buffer.concat(recorder.chunks);
    if (recorder.stopped) expect(sha256(received), `part ${part.part}: every chunk`).toBe(sha256(all));
    else {
      const withoutLast = Buffer.concat(recorder.chunks.slice(0, -1));
      expect([sha256(all), sha256(withoutLast)], `part ${part.part}: the chunks up to the cut`).toContain(sha256(received));
    }
    const media = await checkMedia(await finalisedPath(server, part.id));
    expect(media.errors, `part ${part.part} decodes cleanly`).toEqual([]);
    expect(media.durationS).toBeGreaterThan(0);
    figures.push({ part: part.part, mimeType: part.mimeType, bytes: received.length, chunks: recorder.chunks.length, stopped: recorder.stopped, durationS: media.durationS });
  }
  return figures;
}

/** Waits until the phone's `index`th recorder (of every page load) has handed out `chunks` chunks. */
const recorderChunks = (mobile: Phone, index: number, chunks: number) =>
  waitUntil(async () => mobile.tap.recorders[index]?.chunks.length ?? 0, (n) => n >= chunks, `recorder ${index + 1} to hand out ${chunks} chunks`, 60_000);

describe('the phone’s evidence recorder in Chromium against the real server', () => {
  it('a candidate of the demo walks from 设备准备 to 上传成功 with a phone, and 上传成功 follows the evidence upload to 佐证视频已上传', async () => {
    const demo = server.app.examroom.demo!;
    const first = demo.sittings[0]!;
    const zhang = demo.candidates.find((c) => c.sittingId === first.id)!;
    // The demo's own sitting and candidate, server time 20 minutes before its start (this test runs first: the
    // others' sittings are days later, and server time only moves forward).
    await server.setClock(first.startsAt - 20 * MIN);
    const token = await supervisorToken(server);
    const listed = await server.call<{ candidate: { id: string; idNumber?: string; name: string } }[]>('GET', `/supervisor/sittings/${first.id}/candidates`, { token });
    const id = listed.find((c) => c.candidate.name === zhang.name)?.candidate.id;
    if (!id) throw new Error(`${zhang.name} is not in the demo's first sitting`);
    const seeded: PortalSitting = {
      sittingId: first.id,
      startsAt: first.startsAt,
      entryOpensAt: first.startsAt - 10 * MIN,
      deadline: first.startsAt + 30 * MIN,
      candidate: { id, name: zhang.name, idNumber: zhang.idNumber, password: zhang.password },
    };
    const { browser, journey } = await pc(seeded);
    let mobile!: Phone;
    await journey.checkDevices();
    await journey.passwordLogin();
    await journey.readProcedure();
    await journey.bindEvidence(async ({ qr }) => {
      mobile = await phone(await readQrCode(qr));
      await mobile.recordFromCamera();
    });
    await journey.drawLot();
    await journey.enter(10_000);
    await journey.confirmDevices();
    await journey.confirmInfo();
    await journey.acceptPledge();
    await journey.waitForStart();
    await journey.click(journey.m.actions.endExam);
    await browser.page.getByRole('alertdialog').waitFor({ state: 'visible', timeout: 15_000 });
    await journey.click(journey.m.actions.confirm);
    await journey.arrive('finished', { timeoutMs: 60_000 });
    // 上传成功 waits for the phone: the candidate stops it by hand (R30), and the page follows the upload.
    await mobile.stopAndUpload();
    await browser.page.getByText(journey.m.finished.evidenceUploaded, { exact: true }).waitFor({ timeout: 60_000 });
    // Every stage in order, as the host page heard them.
    expect(browser.hostEvents.filter((e) => e.type === 'examStageChange').map((e) => (e.detail as { stage: string }).stage)).toEqual([...STAGES]);
    expect(seriousErrors([...browser.errors, ...mobile.errors])).toEqual([]);
  });

  it('pairs through the QR code’s link, turns a full circle by the compass and records; offline 10 s, a reload and a closed tab lose nothing; the PC sees every status', async () => {
    const seeded = await sitting(-20 * MIN);
    const { browser, journey } = await pc(seeded);
    await toBindingEvidence(journey);
    const statuses = await watchPhoneStatus(browser.page);
    let mobile!: Phone;
    let link = '';
    await journey.bindEvidence(async ({ qr }) => {
      link = await readQrCode(qr);
      expect(link).toMatch(/\/phone#code=/);
      mobile = await phone(link);
      await mobile.recordFromCamera();
    });
    expect(await statuses()).toEqual(['waitingForPhone', 'phoneConnected', 'roomScanned', 'recording']);
    // The code never reached the server in a URL: the page dropped the fragment after reading it.
    expect(mobile.page.url()).not.toContain('code=');

    await mobile.recordedAtLeast(0.3);
    await mobile.setOffline(true);
    // 10 s offline, counted in the recorder's chunks (one a second) rather than guessed.
    const chunksAtCut = mobile.tap.recorders[0]!.chunks.length;
    await waitUntil(async () => mobile.tap.recorders[0]!.chunks.length, (chunks) => chunks >= chunksAtCut + 10, 'ten seconds of recording offline', 60_000);
    await mobile.setOffline(false);
    await waitUntil(() => mobile.statusMegabytes(), (mb) => mb !== null && mb[0] >= mb[1] - 0.2, 'the phone to catch up after the network came back', 60_000);

    await mobile.reload();
    await mobile.sees(mobile.m.recording.badge);
    await waitUntil(() => evidenceOf(seeded), (parts) => parts.length === 2, 'the next part after the reload', 30_000);
    await recorderChunks(mobile, 1, 3);

    await mobile.closeTabAndReopen(link.replace(/#.*$/, ''));
    await mobile.sees(mobile.m.recording.badge);
    await waitUntil(() => evidenceOf(seeded), (parts) => parts.length === 3, 'the next part after the tab was reopened', 30_000);
    await recorderChunks(mobile, 2, 3);

    await mobile.stopAndUpload();
    const status = await evidenceStatus(seeded);
    expect(status.state).toBe('uploaded');
    const parts = await evidenceOf(seeded);
    const figures = await expectPartsEqualRecorders(parts, mobile.tap.recorders);
    expect(status.bytesReceived).toBe(parts.reduce((sum, p) => sum + p.bytesReceived, 0));
    expect(seriousErrors(mobile.errors)).toEqual([]);
    expect(seriousErrors(browser.errors)).toEqual([]);
    console.log(`[phone] link, compass, offline, reload, reopened tab: ${JSON.stringify(figures)}`);
  });

  it('pairs by scanning the PC’s QR code in the page (no compass: the scan lasts its minimum duration); a second phone takes over with the typed code', async () => {
    const seeded = await sitting(-20 * MIN);
    const { browser, journey } = await pc(seeded);
    await toBindingEvidence(journey);
    const dir = await mkdtemp(join(tmpdir(), 'examroom-phone-camera-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await journey.arrive('bindingEvidence');
    const camera = await qrCodeCamera(browser.page.locator('exam-room exam-qr'), dir);
    const first = await phone(`${server.origin}/phone`, { camera, compass: false });
    await first.scanCode();
    const scanStarted = Date.now();
    await first.recordFromCamera();
    const scanMs = Date.now() - scanStarted;
    await browser.page.getByText(journey.m.evidence.recording, { exact: true }).waitFor({ timeout: 30_000 });
    expect(scanMs, 'the room scan without a compass lasts its minimum duration').toBeGreaterThanOrEqual(30_000);

    // The phone is lost: 刷新二维码 gives a new code, typed on another phone.
    await journey.click(journey.m.actions.refreshPairing);
    const pattern = /([A-Z0-9]{4}-[A-Z0-9]{4})/;
    const codeText = browser.page.locator('exam-room [data-stage]').getByText(pattern).first();
    await waitUntil(async () => pattern.exec((await codeText.textContent()) ?? '')?.[1], (code) => code !== undefined, 'a new code on the PC', 15_000);
    const code = pattern.exec((await codeText.textContent()) ?? '')![1]!;
    const second = await phone(`${server.origin}/phone`);
    await second.typeCode(code.toLowerCase());
    await second.recordFromCamera();
    await first.heading(first.m.ended.replaced.title);
    await browser.page.getByText(journey.m.evidence.recording, { exact: true }).waitFor({ timeout: 30_000 });
    await second.recordedAtLeast(0.1);
    await second.stopAndUpload();
    const parts = await evidenceOf(seeded);
    // The first phone's part stays on the server as far as it got; the second phone recorded the next part.
    expect(parts.map((p) => p.part)).toEqual([1, 2]);
    expect(seriousErrors([...first.errors, ...second.errors, ...browser.errors])).toEqual([]);
  });

  it('a browser restart (closed, reopened on the same profile, the page opened again) goes on recording as the next part', async () => {
    const seeded = await sitting(-20 * MIN);
    const { journey } = await pc(seeded);
    await toBindingEvidence(journey);
    const profile = await mkdtemp(join(tmpdir(), 'examroom-phone-profile-'));
    cleanups.push(() => rm(profile, { recursive: true, force: true }));
    let before!: Phone;
    let link = '';
    await journey.bindEvidence(async ({ qr }) => {
      link = await readQrCode(qr);
      before = await phone(link, { userDataDir: profile });
      await before.recordFromCamera();
    });
    await recorderChunks(before, 0, 4);
    await before.close();

    // The same phone's browser again, on the phone page without the (used) code: the kept session goes on.
    const after = await phone(link.replace(/#.*$/, ''), { userDataDir: profile });
    await after.sees(after.m.recording.badge);
    await waitUntil(() => evidenceOf(seeded), (parts) => parts.length === 2, 'the next part after the restart', 30_000);
    await recorderChunks(after, 0, 3);
    await after.stopAndUpload();
    const figures = await expectPartsEqualRecorders(await evidenceOf(seeded), [...before.tap.recorders, ...after.tap.recorders]);
    console.log(`[phone] browser restart: ${JSON.stringify(figures)}`);
  });

  it('records MP4 where the browser records no WebM (as iOS Safari): the server finalises it and it plays', async () => {
    const seeded = await sitting(-20 * MIN);
    const { journey } = await pc(seeded);
    await toBindingEvidence(journey);
    let mobile!: Phone;
    await journey.bindEvidence(async ({ qr }) => {
      mobile = await phone(await readQrCode(qr), { mp4Only: true });
      await mobile.recordFromCamera();
    });
    await mobile.recordedAtLeast(0.3);
    await mobile.stopAndUpload();
    const parts = await evidenceOf(seeded);
    expect(parts.map((p) => p.mimeType.split(';')[0])).toEqual(['video/mp4']);
    const figures = await expectPartsEqualRecorders(parts, mobile.tap.recorders);
    expect(await finalisedPath(server, parts[0]!.id)).toMatch(/\.mp4$/);
    console.log(`[phone] MP4: ${JSON.stringify(figures)}`);
  });

});
