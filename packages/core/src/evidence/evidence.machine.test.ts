import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import { PHONE_HEARTBEAT_MS } from '../rules/phone-device.js';
import { ROOM_SCAN_MIN_DURATION_MS } from '../rules/room-scan.js';
import { EVIDENCE_VIEW_STATES, type CameraView, type PairingView, type RecordingView, type ScanningView } from './evidence.selectors.js';
import { evidenceMachine } from './evidence.machine.js';
import { CODE, reachRecording, reachScanning, serverParts, startPhone, turnFullCircle, type PhoneHarness } from './evidence.test-kit.js';
import { REPORT_RETRY_MS } from './stages/report.js';

const recordingView = (h: PhoneHarness) => h.view() as RecordingView;

/** Waits until `count` evidence parts of this page load have their recorder running. */
async function partsStarted(h: PhoneHarness, count: number): Promise<void> {
  await h.until((s) => s.context.uploads.length >= count);
  expect(h.recorder.started).toHaveLength(count);
}

describe('pairing', () => {
  it('pairs with the code from the QR link and keeps the phone session', async () => {
    const h = await startPhone({ pairingCode: CODE });
    await h.untilTag('camera:choosing');
    expect(h.session.kept).toEqual({ token: `phone-token-${CODE}`, reported: 'paired' });
    expect(h.api.status.state).toBe('phoneConnected');
    expect(h.view()).toMatchObject({ stage: 'camera', phase: 'choosing', facing: 'front' });
  });

  it('shows PAIRING_FAILED and lets the candidate type the code', async () => {
    const h = await startPhone({ pairingCode: 'USED99' });
    await h.untilTag('pairing:entering');
    expect(h.view()).toEqual<PairingView>({ stage: 'pairing', phase: 'entering', code: 'USED99', stream: null, error: ErrorCode.PAIRING_FAILED });
    // Typed as shown under the QR code, in lower case: the same code.
    await h.send({ type: 'user.submitCode', code: ` ${CODE.slice(0, 4).toLowerCase()}-${CODE.slice(4)} ` });
    await h.untilTag('camera:choosing');
    expect(h.session.kept?.token).toBe(`phone-token-${CODE}`);
  });

  it('refuses a typed text that cannot be a code without asking the server', async () => {
    const h = await startPhone();
    await h.send({ type: 'user.submitCode', code: 'hello' });
    expect(h.view()).toMatchObject<Partial<PairingView>>({ phase: 'entering', error: ErrorCode.PAIRING_CODE_INVALID });
    expect(h.api.codes.has(CODE)).toBe(true);
  });

  it('reads the PC’s QR code with the camera, past another QR code in the room', async () => {
    const h = await startPhone();
    await h.send({ type: 'user.scanCode' });
    expect(h.view()).toMatchObject<Partial<PairingView>>({ phase: 'scanning', error: null });
    expect((h.view() as PairingView).stream).not.toBeNull();
    h.qrScanner.show('https://example.com/menu');
    await h.settle();
    expect(h.view()).toMatchObject<Partial<PairingView>>({ phase: 'scanning', error: ErrorCode.PAIRING_CODE_INVALID });
    h.qrScanner.show(`https://exam.example.edu/phone#code=${CODE.slice(0, 4)}-${CODE.slice(4)}`);
    await h.untilTag('camera:choosing');
    expect(h.qrScanner.isOpen).toBe(false);
    expect(h.session.kept?.token).toBe(`phone-token-${CODE}`);
  });

  it('closes the scanner on 取消, and types the code when the camera is refused', async () => {
    const h = await startPhone();
    await h.send({ type: 'user.scanCode' });
    await h.send({ type: 'user.cancelScan' });
    expect(h.view()).toMatchObject<Partial<PairingView>>({ phase: 'entering', stream: null });
    expect(h.qrScanner.isOpen).toBe(false);
    h.qrScanner.openError = ErrorCode.CAMERA_PERMISSION_DENIED;
    await h.send({ type: 'user.scanCode' });
    expect(h.view()).toMatchObject<Partial<PairingView>>({ phase: 'entering', error: ErrorCode.CAMERA_PERMISSION_DENIED });
  });

  it('tells the server it is alive while its session lives', async () => {
    const h = await startPhone({ pairingCode: CODE });
    await h.untilTag('camera:choosing');
    expect(h.api.heartbeats).toBe(1);
    await h.advance(PHONE_HEARTBEAT_MS);
    expect(h.api.heartbeats).toBe(2);
  });

  it('asks for the code when the link has none', async () => {
    const h = await startPhone();
    expect(h.view()).toMatchObject({ stage: 'pairing', phase: 'entering', error: null });
    expect(h.camera.opened).toHaveLength(0);
  });
});

describe('camera', () => {
  it('helps when the camera is refused, and goes on once it is allowed', async () => {
    const h = await startPhone({ pairingCode: CODE, prepare: (f) => (f.camera.openError = ErrorCode.CAMERA_PERMISSION_DENIED) });
    await h.untilTag('camera:refused');
    expect(h.view()).toMatchObject<Partial<CameraView>>({ phase: 'refused', error: ErrorCode.CAMERA_PERMISSION_DENIED, stream: null });
    h.camera.openError = null;
    await h.send({ type: 'user.retry' });
    await h.untilTag('camera:choosing');
    expect(h.view()).toMatchObject<Partial<CameraView>>({ error: null, stream: h.camera.opened[0]!.stream });
  });

  it('opens the front camera first (R10) and switches to the rear one and back, releasing the one before', async () => {
    const h = await startPhone({ pairingCode: CODE });
    await h.untilTag('camera:choosing');
    await h.send({ type: 'user.switchCamera' });
    await h.untilTag('camera:choosing');
    expect(h.camera.opened.map((c) => [c.facing, c.stopped])).toEqual([['front', true], ['rear', false]]);
    expect(h.view()).toMatchObject({ facing: 'rear', stream: h.camera.opened[1]!.stream });
    await h.send({ type: 'user.switchCamera' });
    await h.untilTag('camera:choosing');
    expect((h.view() as CameraView).facing).toBe('front');
  });
});

describe('room scan', () => {
  it('is done once the compass headings cover the circle, and tells the server', async () => {
    const h = await startPhone({ pairingCode: CODE });
    await reachScanning(h);
    for (let degrees = 0; degrees <= 180; degrees += 10) h.orientation.heading(degrees);
    await h.settle();
    expect(h.view()).toMatchObject<Partial<ScanningView>>({ phase: 'turning', method: 'orientation', progress: 13 / 24 });
    // A glitch to the far side marks nothing.
    h.orientation.heading(300);
    h.orientation.heading(180);
    await h.settle();
    expect((h.view() as ScanningView).progress).toBe(13 / 24);
    await turnFullCircle(h, 180);
    await h.untilTag('recording:placing');
    expect(h.api.reports).toEqual(['roomScanned']);
    expect(h.session.kept?.reported).toBe('roomScanned');
  });

  it('lasts the minimum duration where the browser gives no orientation', async () => {
    const h = await startPhone({ pairingCode: CODE, prepare: (f) => (f.orientation.supported = false) });
    await reachScanning(h);
    await h.advance(ROOM_SCAN_MIN_DURATION_MS / 2);
    expect(h.view()).toMatchObject<Partial<ScanningView>>({ phase: 'turning', method: 'duration', progress: 0.5 });
    await h.advance(ROOM_SCAN_MIN_DURATION_MS / 2 - 1_000);
    expect(h.api.reports).toEqual([]);
    await h.advance(1_000);
    await h.untilTag('recording:placing');
    expect(h.api.reports).toEqual(['roomScanned']);
  });

  it('falls back to the duration when the compass stays silent', async () => {
    const h = await startPhone({ pairingCode: CODE });
    await reachScanning(h);
    await h.advance(ROOM_SCAN_MIN_DURATION_MS);
    await h.untilTag('recording:placing');
    expect(h.api.reports).toEqual(['roomScanned']);
  });

  it('reports the scan again when the report did not get through', async () => {
    const h = await startPhone({ pairingCode: CODE, prepare: (f) => f.api.failNextReports(1) });
    await reachScanning(h);
    await turnFullCircle(h);
    await h.untilTag('scanning:reporting');
    expect(h.view()).toMatchObject({ phase: 'reporting', error: ErrorCode.NETWORK_ERROR });
    await h.advance(REPORT_RETRY_MS);
    await h.untilTag('recording:placing');
    expect(h.api.reports).toEqual(['roomScanned']);
  });
});

describe('recording', () => {
  it('reports in its heartbeats the bytes recorded of the parts it still uploads (upload health)', async () => {
    const h = await startPhone({ pairingCode: CODE });
    await reachRecording(h);
    await partsStarted(h, 1);
    h.transport.setOnline(false);
    h.recorder.started[0]!.emit(new Uint8Array(700).fill(3));
    await h.until((s) => (s.context.uploads[0]?.bytesRecorded ?? 0) >= 700);
    await h.advance(PHONE_HEARTBEAT_MS);
    const part = h.actor.getSnapshot().context.uploads[0]!;
    expect(h.api.heartbeatReports.at(-1)).toEqual({ recordings: [{ id: part.recordingId, bytesRecorded: part.bytesRecorded }] });
    expect(part.bytesRecorded).toBeGreaterThanOrEqual(700);
  });

  it('records and uploads until stopped, then is done when the server says uploaded', async () => {
    const h = await startPhone({ pairingCode: CODE });
    await reachRecording(h);
    await partsStarted(h, 1);
    await h.until((s) => s.context.wakeLockHeld);
    expect(h.api.reports).toEqual(['roomScanned', 'recording']);
    expect(h.wakeLock.held).toBe(true);
    expect(h.recorder.started[0]!.stream).toBe(h.camera.opened[0]!.stream);

    h.recorder.started[0]!.emit(new Uint8Array(1_000).fill(1));
    h.recorder.started[0]!.emit(new Uint8Array(500).fill(2));
    await h.until((s) => s.context.uploads[0]!.bytesAcknowledged >= 1_500);
    expect(recordingView(h)).toMatchObject<Partial<RecordingView>>({ phase: 'recording', bytesRecorded: 1_500, bytesAcknowledged: 1_500, wakeLockHeld: true });

    await h.send({ type: 'user.stopRecording' });
    expect(recordingView(h).phase).toBe('confirmingStop');
    await h.send({ type: 'user.cancelStop' });
    expect(recordingView(h).phase).toBe('recording');
    expect(h.recorder.started[0]!.stopped).toBe(false);
    await h.send({ type: 'user.stopRecording' });
    await h.send({ type: 'user.confirmStop' });
    await h.untilTag('recording:uploading');
    expect(h.api.reports).toEqual(['roomScanned', 'recording', 'stopped']);
    // What the server had not acknowledged when the phone stopped: the rest of the upload, for the PC's progress.
    expect(h.api.bytesPending).toBe(h.recorder.started[0]!.emitted().length - 1_500);
    expect(h.wakeLock.held).toBe(false);

    await h.until((s) => s.context.uploads.every((part) => part.state === 'done'));
    expect(serverParts(h)).toEqual([h.recorder.started[0]!.emitted()]);
    expect(h.transport.upload(h.api.parts[0]!.uploadUrl)?.finished).toBeDefined();
    // `uploaded` is the server's: the phone waits for it.
    expect(recordingView(h).phase).toBe('uploading');
    h.api.push('stopped');
    await h.settle();
    expect(recordingView(h).phase).toBe('uploading');
    h.api.push('uploaded');
    await h.untilTag('ended:done');
    expect(h.session.kept).toBeNull();
    expect(h.camera.opened[0]!.stopped).toBe(true);
  });

  it('warns of a low battery and of low storage', async () => {
    const h = await startPhone({
      pairingCode: CODE,
      prepare: (f) => {
        f.environment.batteryStatus = { level: 0.15, charging: false };
        f.store.setQuota(100 * 1024 * 1024);
      },
    });
    await reachRecording(h);
    await h.until((s) => s.context.battery !== null && s.context.storage !== null);
    expect(recordingView(h)).toMatchObject({ batteryLow: true, storageLow: true });
    h.environment.batteryStatus = { level: 0.15, charging: true };
    h.store.setQuota(undefined);
    await h.advance(30_000);
    await h.until((s) => s.context.battery?.charging === true);
    expect(recordingView(h)).toMatchObject({ batteryLow: false, storageLow: false });
  });

  it('ends a part at a chunk it must drop (the disk full) and records on as the next part', async () => {
    const h = await startPhone({ pairingCode: CODE });
    await reachRecording(h);
    await partsStarted(h, 1);
    const first = h.recorder.started[0]!;
    first.emit(new Uint8Array(100).fill(1));
    await h.until((s) => s.context.uploads[0]!.bytesRecorded >= 100);
    h.store.setQuota(h.store.usage);
    // Three chunks wait in memory for room; the fourth must be dropped.
    for (let i = 0; i < 4; i += 1) first.emit(new Uint8Array(10).fill(2));
    await h.until((s) => s.context.storageRefused);
    expect(recordingView(h).storageLow).toBe(true);
    h.store.setQuota(undefined);
    await h.until((s) => s.context.uploads.some((p) => p.recordingId === 'evidence-2'));
    expect(h.recorder.started).toHaveLength(2);
    expect(h.recorder.started[1]!.stream).toBe(first.stream);
    // The first part is complete on the server with what was stored before the gap: a prefix of what was recorded.
    const firstPart = serverParts(h)[0]!;
    expect(h.transport.upload(h.api.parts[0]!.uploadUrl)?.finished).toBeDefined();
    expect(firstPart.length).toBeGreaterThanOrEqual(100);
    expect(first.emitted().slice(0, firstPart.length)).toEqual(firstPart);
  });

  it('says so when no wake lock can be held', async () => {
    const h = await startPhone({ pairingCode: CODE, prepare: (f) => (f.wakeLock.supported = false) });
    await reachRecording(h);
    await partsStarted(h, 1);
    expect(recordingView(h).wakeLockHeld).toBe(false);
  });
});

describe('the session ends', () => {
  it('ends as replaced when another phone paired', async () => {
    const h = await startPhone({ pairingCode: CODE });
    await reachRecording(h);
    h.api.revoke(ErrorCode.PHONE_REPLACED);
    await h.untilTag('ended:replaced');
    expect(h.view()).toEqual({ stage: 'ended', phase: 'replaced' });
    expect(h.session.kept).toBeNull();
    expect(h.wakeLock.held).toBe(false);
  });

  it('ends as expired when the session expired', async () => {
    const h = await startPhone({ pairingCode: CODE });
    await reachScanning(h);
    h.api.revoke(ErrorCode.SESSION_EXPIRED);
    await h.untilTag('ended:expired');
    expect(h.session.kept).toBeNull();
  });

  it('ends as replaced when a report is refused with PHONE_REPLACED', async () => {
    const h = await startPhone({ pairingCode: CODE });
    await reachScanning(h);
    h.api.revoke(ErrorCode.PHONE_REPLACED);
    // The push may be lost (socket down): the next report's answer says the same.
    await turnFullCircle(h);
    await h.untilTag('ended:replaced');
  });
});

describe('a reload', () => {
  it('goes on recording as the next part after the previous part is uploaded', async () => {
    const first = await startPhone({ pairingCode: CODE });
    await first.untilTag('camera:choosing');
    await first.send({ type: 'user.switchCamera' });
    await reachRecording(first);
    await partsStarted(first, 1);
    first.recorder.started[0]!.emit(new Uint8Array(800).fill(7));
    await first.until((s) => s.context.uploads[0]!.bytesRecorded >= 800);
    first.close();

    const second = await startPhone({ from: first });
    await second.untilTag('recording:recording');
    // The queue lists the part the closed page left; the next part starts once that one is complete.
    await second.until((s) => s.context.uploads.some((p) => p.recordingId === 'evidence-2'));
    expect(second.recorder.started).toHaveLength(1);
    // The camera the candidate chose before the reload, without asking again.
    expect(second.camera.opened.map((c) => c.facing)).toEqual(['rear']);
    expect(second.api.parts.map((p) => p.recordingId)).toEqual(['evidence-1', 'evidence-2']);
    expect(second.transport.upload(second.api.parts[0]!.uploadUrl)?.finished).toBeDefined();
    expect(serverParts(second)[0]).toEqual(first.recorder.started[0]!.emitted());
    second.recorder.started[0]!.emit(new Uint8Array(300).fill(8));
    await second.until((s) => s.context.uploads.some((p) => p.recordingId === 'evidence-2' && p.bytesAcknowledged >= 300));
    expect(second.api.reports.at(-1)).toBe('recording');
  });
});

describe('view states', () => {
  it('are exactly the tags of the machine, each phase known to its view', () => {
    type Node = { tags: readonly string[]; states: Record<string, Node> };
    const tagsOf = (node: Node): string[] => [...node.tags, ...Object.values(node.states).flatMap(tagsOf)];
    const tags = new Set(tagsOf(evidenceMachine.root as unknown as Node));
    expect([...tags].sort()).toEqual([...EVIDENCE_VIEW_STATES].sort());
  });
});
