/** One scenario per behaviour of examMachine, driven only through events and fake ports. */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import { PLEDGE_VERSION } from '../i18n/zh-CN.js';
import { HELP_MESSAGE_RATE } from '../rules/quotas.js';
import { concat } from '../streams/streams.test-kit.js';
import { createMemoryExamBackend, sampleFixture } from '../testing/memory-exam-backend.js';
import { QUESTIONS_RETRY_MIN_MS } from './actors/requests.js';
import { EVIDENCE_POLL_MS, HEARTBEAT_MS } from './actors/session.js';
import { formatPairingCode, isPairingCode } from '../rules/pairing-code.js';
import { PHONE_SILENT_AFTER_MS } from '../rules/phone-device.js';
import { isPhoneSilent } from './exam.view.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { KeptSession } from '../testing/memory-exam-backend.js';
import { selectStepper } from './exam.selectors.js';
import {
  CANDIDATE,
  START,
  T0,
  enterAndConfirm,
  expectState,
  logInWithPassword,
  passDeviceChecks,
  reachAnswering,
  reachEntry,
  serverBytes,
  startExam,
  type Harness,
} from './exam.test-kit.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const cameraRecordingId = (h: Harness) => h.backend.recordingsOf(CANDIDATE.id).find((r) => r.kind === 'camera')!.id;
/** The machine knows its recordings and none is being sent or waiting to be: each was answered, or is done. */
const uploadsSettled = (s: ReturnType<Harness['actor']['getSnapshot']>) =>
  s.context.recordings.length > 0 && s.context.recordings.every((r) => r.state !== 'uploading' && r.state !== 'waitingForNetwork');

describe('设备准备 (R3)', () => {
  it('lists every check and continues when the required ones pass', async () => {
    const h = await startExam();
    const view = h.view();
    expect(view.stage).toBe('checkingDevices');
    if (view.stage !== 'checkingDevices') return;
    expect(view.checks.map((c) => c.id)).toEqual(['camera', 'microphone', 'recording', 'screenCapture', 'storage', 'network', 'battery', 'display']);
    expect(view.checks.every((c) => c.status === 'pass')).toBe(true);
    expect(view.canContinue).toBe(true);
    await h.send({ type: 'user.continue' });
    expect(h.stage()).toBe('login');
  });

  it('blocks on a denied camera, shows why, and passes after a recheck', async () => {
    const h = await startExam();
    h.media.openError = ErrorCode.CAMERA_PERMISSION_DENIED;
    h.environment.batteryStatus = { level: 0.1, charging: false };
    await h.send({ type: 'user.recheck' });
    const view = h.view();
    if (view.stage !== 'checkingDevices') throw new Error(view.stage);
    expect(view.checks.find((c) => c.id === 'camera')).toEqual({ id: 'camera', status: 'fail', error: ErrorCode.CAMERA_PERMISSION_DENIED });
    expect(view.checks.find((c) => c.id === 'battery')).toEqual({ id: 'battery', status: 'warn', error: ErrorCode.BATTERY_LOW });
    expect(view.canContinue).toBe(false);
    await h.send({ type: 'user.continue' });
    expect(h.stage()).toBe('checkingDevices');
    h.media.openError = null;
    await h.send({ type: 'user.recheck' });
    await h.send({ type: 'user.continue' });
    expect(h.stage()).toBe('login');
  });

  it('fails the browser checks where recording or screen capture is unsupported', async () => {
    const h = await startExam();
    h.environment.supported = { mediaRecorder: false, displayMedia: false, indexedDb: true };
    await h.send({ type: 'user.recheck' });
    const view = h.view();
    if (view.stage !== 'checkingDevices') throw new Error(view.stage);
    expect(view.checks.filter((c) => c.status === 'fail').map((c) => c.error)).toEqual([
      ErrorCode.RECORDING_UNSUPPORTED,
      ErrorCode.SCREEN_CAPTURE_UNSUPPORTED,
    ]);
  });
});

describe('人脸登录 / 普通登录 (R4–R6)', () => {
  it('counts down while login is not open and opens by itself at startsAt − 30 min (R4)', async () => {
    const startsAt = T0 + 45 * 60_000; // login opens at T0 + 15 min
    const h = await startExam({ fixture: sampleFixture(startsAt) });
    h.backend.setFaceMatch(null);
    await passDeviceChecks(h);
    expectState(h, { login: 'notOpen' });
    const view = h.view();
    expect(view.stage === 'login' && view.opensAt).toBe(startsAt - 30 * 60_000);
    await h.advanceTo(startsAt - 30 * 60_000 - 1);
    expectState(h, { login: 'notOpen' });
    await h.advance(1);
    expectState(h, { login: { open: 'face' } });
  });

  it('offers 普通登录 at once when the server has no face verifier (FACE_LOGIN_UNAVAILABLE)', async () => {
    const h = await startExam();
    await passDeviceChecks(h);
    expectState(h, { login: { open: { password: 'editing' } } });
    expect(h.actor.getSnapshot().context.error).toBe(ErrorCode.FACE_LOGIN_UNAVAILABLE);
    expect(h.media.opened.every((c) => c.stopped)).toBe(true);
  });

  it('switches between face and password login', async () => {
    const h = await startExam();
    h.backend.setFaceMatch(null);
    await passDeviceChecks(h);
    await h.send({ type: 'user.usePassword' });
    expectState(h, { login: { open: 'password' } });
    await h.send({ type: 'user.useFace' });
    expectState(h, { login: { open: { face: { camera: 'ready' } } } });
  });

  it('rejects a malformed ID number locally and wrong credentials from the server, keeping the form', async () => {
    const h = await startExam();
    await passDeviceChecks(h);
    await h.send({ type: 'user.usePassword' });
    await h.send({ type: 'user.submitPassword', idNumber: '12', password: 'x' });
    expect(h.actor.getSnapshot().context.error).toBe(ErrorCode.INVALID_ID_NUMBER);
    expect(h.backend.calls.some((c) => c.method === 'loginWithPassword')).toBe(false);
    await h.send({ type: 'user.submitPassword', idNumber: CANDIDATE.idNumber, password: 'wrong' });
    expectState(h, { login: { open: { password: 'editing' } } });
    expect(h.actor.getSnapshot().context.error).toBe(ErrorCode.INVALID_CREDENTIALS);
  });

  it('refuses a second device while the first is active (R6), and lets it in once the first went stale', async () => {
    const clock = createFakeClock(T0);
    const first = await startExam({ clock });
    await logInWithPassword(first);
    expect(first.stage()).toBe('readingProcess');

    const second = await startExam({ clock, backend: first.backend, deviceKey: 'device-2' });
    await logInWithPassword(second);
    expectState(second, { login: 'refused' });
    expect(second.actor.getSnapshot().context.error).toBe(ErrorCode.ALREADY_ACTIVE_ELSEWHERE);

    // The first device goes silent (its tab was closed): after 30 s without a heartbeat, the second may take over.
    first.actor.stop();
    await second.advance(31_000);
    await second.send({ type: 'user.retry' });
    await second.send({ type: 'user.submitPassword', idNumber: CANDIDATE.idNumber, password: CANDIDATE.password });
    expect(second.stage()).toBe('readingProcess');
  });

  it('lets the same device reconnect and bars the page whose session was taken over', async () => {
    const clock = createFakeClock(T0);
    const first = await startExam({ clock });
    await logInWithPassword(first);
    const reload = await startExam({ clock, backend: first.backend });
    await logInWithPassword(reload);
    expect(reload.stage()).toBe('readingProcess');
    expect(first.stage()).toBe('barred');
    expect(first.actor.getSnapshot().context.barredReason).toBe(ErrorCode.SESSION_REVOKED);
  });

  it('bars a candidate who logs in after the 2-minute cutoff without having entered (R21)', async () => {
    const h = await startExam();
    await h.advanceTo(START + 2 * 60_000);
    await logInWithPassword(h);
    expect(h.stage()).toBe('barred');
    const view = h.view();
    expect(view.stage === 'barred' && view.reason).toBe(ErrorCode.LATE_ENTRY_CLOSED);
  });
});

describe('阅读面试流程, 佐证绑定, 抽签 (R8–R11)', () => {
  it('requires the phone to be recording before going on (R9)', async () => {
    const h = await startExam();
    await logInWithPassword(h);
    await h.send({ type: 'user.continue' });
    expectState(h, { bindingEvidence: 'waiting' });
    const view = h.view();
    expect(view.stage === 'bindingEvidence' && view.pairing?.url).toMatch(/^https:/);
    await h.send({ type: 'user.continue' });
    expect(h.actor.getSnapshot().context.error).toBe(ErrorCode.EVIDENCE_NOT_RECORDING);
    for (const state of ['phoneConnected', 'roomScanned', 'recording'] as const) h.backend.setEvidence(CANDIDATE.id, state);
    await h.settle();
    expect(h.actor.getSnapshot().context.evidence?.state).toBe('recording');
    await h.send({ type: 'user.continue' });
    expect(h.stage()).toBe('drawingLot');
  });

  it('says the phone was replaced until the new phone records (R9)', async () => {
    const h = await startExam();
    await logInWithPassword(h);
    await h.send({ type: 'user.continue' });
    const phoneReplaced = () => {
      const view = h.view();
      return view.stage === 'bindingEvidence' && view.phone.replaced;
    };
    h.backend.setEvidence(CANDIDATE.id, 'recording');
    await h.settle();
    expect(phoneReplaced()).toBe(false);
    h.backend.replacePhone(CANDIDATE.id);
    await h.settle();
    expect(phoneReplaced()).toBe(true);
    expect(h.actor.getSnapshot().context.evidence?.state).toBe('phoneConnected');
    h.backend.setEvidence(CANDIDATE.id, 'recording');
    await h.settle();
    expect(phoneReplaced()).toBe(false);
  });

  it('retries a failed pairing and refreshes the code', async () => {
    const h = await startExam();
    await logInWithPassword(h);
    h.backend.failNext('createPairing', ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.continue' });
    expectState(h, { bindingEvidence: 'failed' });
    await h.send({ type: 'user.retry' });
    const code = h.actor.getSnapshot().context.pairing?.code;
    await h.send({ type: 'user.refreshPairing' });
    expect(h.actor.getSnapshot().context.pairing?.code).not.toBe(code);
  });

  it('shows the code formatted for typing, and a fresh one once the code on screen paired a phone or expired (R9)', async () => {
    const h = await startExam();
    await logInWithPassword(h);
    await h.send({ type: 'user.continue' });
    const pairing = () => {
      const view = h.view();
      return view.stage === 'bindingEvidence' ? view.pairing : null;
    };
    const first = pairing()!;
    expect(first.url).toContain('#code=');
    expect(first.phonePage).toBe(first.url.split('#')[0]);
    const raw = h.actor.getSnapshot().context.pairing!.code;
    expect(first.code).toBe(isPairingCode(raw) ? formatPairingCode(raw) : raw);
    // The phone scanned it: a code pairs once, so the QR code on screen is replaced, and a lost phone is replaced by scanning again.
    h.backend.setEvidence(CANDIDATE.id, 'phoneConnected');
    await h.settle();
    expectState(h, { bindingEvidence: 'waiting' });
    const second = pairing()!;
    expect(second.code).not.toBe(first.code);
    h.backend.setEvidence(CANDIDATE.id, 'roomScanned');
    await h.settle();
    expect(pairing()!.code).toBe(second.code);
    h.backend.replacePhone(CANDIDATE.id);
    await h.settle();
    const third = pairing()!;
    expect(third.code).not.toBe(second.code);
    // Unused, it is replaced when it expires (ten minutes), not before.
    await h.advanceTo(third.expiresAt - 1_000);
    expect(pairing()!.code).toBe(third.code);
    await h.advanceTo(third.expiresAt);
    expect(pairing()!.code).not.toBe(third.code);
    expectState(h, { bindingEvidence: 'waiting' });
  });

  it('goes on only while the phone records: a phone that stopped must be paired again (R10)', async () => {
    const h = await startExam();
    await logInWithPassword(h);
    await h.send({ type: 'user.continue' });
    for (const state of ['phoneConnected', 'roomScanned', 'recording', 'stopped'] as const) h.backend.setEvidence(CANDIDATE.id, state);
    await h.settle();
    const view = h.view();
    expect(view.stage === 'bindingEvidence' && view.canContinue).toBe(false);
    await h.send({ type: 'user.continue' });
    expect(h.stage()).toBe('bindingEvidence');
    expect(h.actor.getSnapshot().context.error).toBe(ErrorCode.EVIDENCE_NOT_RECORDING);
  });

  it('reads the phone\'s status every 15 s besides the pushes, and tells when the phone went silent (R9)', async () => {
    const h = await startExam();
    await logInWithPassword(h);
    await h.send({ type: 'user.continue' });
    const phone = () => {
      const view = h.view();
      if (view.stage !== 'bindingEvidence') throw new Error(view.stage);
      return view.phone;
    };
    h.backend.setEvidence(CANDIDATE.id, 'phoneConnected');
    await h.settle();
    const seenAt = h.clock.now();
    // Heard from through a heartbeat the server did not push: the next read brings it.
    h.backend.updateEvidence(CANDIDATE.id, { phoneSeenAt: seenAt }, { push: false });
    await h.settle();
    expect(phone().silentFrom).toBeNull();
    await h.advance(EVIDENCE_POLL_MS);
    expect(phone().silentFrom).toBe(seenAt + PHONE_SILENT_AFTER_MS);
    expect(isPhoneSilent(phone(), seenAt + PHONE_SILENT_AFTER_MS)).toBe(false);
    expect(isPhoneSilent(phone(), seenAt + PHONE_SILENT_AFTER_MS + 1)).toBe(true);
    // Offline, the page's news of the phone are old: it claims nothing.
    h.integrity.goOffline();
    await h.settle();
    expect(phone().silentFrom).toBeNull();
  });

  it('draws a lot (R11)', async () => {
    const h = await startExam();
    await reachEntry(h);
    expect(h.backend.progressOf(CANDIDATE.id).lot).toBe(1);
    expect(h.actor.getSnapshot().context.progress?.lot).toBe(1);
  });

  it('assigns a lot at entry to a candidate who did not draw (R11)', async () => {
    const h = await startExam();
    await reachEntry(h, { draw: false });
    expect(h.actor.getSnapshot().context.progress?.lot).toBeNull();
    await h.advanceTo(h.backend.scheduleOf(CANDIDATE.id).entryOpensAt);
    await h.send({ type: 'user.enter' });
    expect(h.stage()).toBe('confirmingDevices');
    expect(h.actor.getSnapshot().context.progress?.lot).toBe(1);
  });
});

describe('进入考试 (R12–R14, R21)', () => {
  it('enables 「进入考试」 exactly at entryOpensAt, and 「刷新」 re-syncs the clock (R12)', async () => {
    const h = await startExam();
    await reachEntry(h);
    const { entryOpensAt } = h.backend.scheduleOf(CANDIDATE.id);
    await h.advanceTo(entryOpensAt - 1);
    let view = h.view();
    expect(view.stage === 'awaitingEntry' && [view.canEnter, view.canRefresh]).toEqual([false, true]);
    await h.send({ type: 'user.enter' });
    expectState(h, { awaitingEntry: 'notYetOpen' });
    const resyncs = h.clock.resyncCount;
    await h.send({ type: 'user.refresh' });
    expect(h.clock.resyncCount).toBe(resyncs + 1);
    expectState(h, { awaitingEntry: 'notYetOpen' });
    await h.advance(1);
    view = h.view();
    expect(view.stage === 'awaitingEntry' && view.canEnter).toBe(true);
  });

  it('blocks entry while an external display is attached (R13)', async () => {
    const h = await startExam();
    await reachEntry(h);
    await h.advanceTo(h.backend.scheduleOf(CANDIDATE.id).entryOpensAt);
    h.display.external = true;
    await h.send({ type: 'user.enter' });
    expectState(h, { awaitingEntry: { open: 'ready' } });
    expect(h.actor.getSnapshot().context.error).toBe(ErrorCode.EXTERNAL_DISPLAY_CONNECTED);
    expect(h.screen.shares).toHaveLength(0);
    h.display.external = false;
    await h.send({ type: 'user.enter' });
    expect(h.stage()).toBe('confirmingDevices');
  });

  it('accepts only a whole monitor, and starts the screen recording on entry (R14)', async () => {
    const h = await startExam();
    await reachEntry(h);
    await h.advanceTo(h.backend.scheduleOf(CANDIDATE.id).entryOpensAt);
    h.screen.next = 'window';
    await h.send({ type: 'user.enter' });
    expect(h.actor.getSnapshot().context.error).toBe(ErrorCode.SCREEN_SHARE_NOT_MONITOR);
    expect(h.screen.shares[0]?.stopped).toBe(true);
    h.screen.next = 'deny';
    await h.send({ type: 'user.enter' });
    expect(h.actor.getSnapshot().context.error).toBe(ErrorCode.SCREEN_SHARE_DENIED);
    expect(h.backend.progressOf(CANDIDATE.id).enteredAt).toBeNull();
    h.screen.next = 'monitor';
    await h.send({ type: 'user.enter' });
    expect(h.stage()).toBe('confirmingDevices');
    expect(h.backend.progressOf(CANDIDATE.id).enteredAt).toBe(h.clock.now());
    await h.recordingStarted('screen');
    expect(h.recorder.started.map((r) => r.stream.id)).toEqual([h.screen.shares.at(-1)!.stream.id]);
    expect(h.backend.recordingsOf(CANDIDATE.id).map((r) => r.kind)).toEqual(['screen']);
  });

  it('bars a candidate still waiting when the 2-minute cutoff passes (R21)', async () => {
    const h = await startExam();
    await reachEntry(h);
    await h.advanceTo(START + 2 * 60_000 - 1);
    expectState(h, { awaitingEntry: { open: 'ready' } });
    await h.advance(1);
    expect(h.stage()).toBe('barred');
    expect(h.actor.getSnapshot().context.barredReason).toBe(ErrorCode.LATE_ENTRY_CLOSED);
  });
});

describe('设备确认, 信息确认, 承诺书和须知 (R16, R17)', () => {
  it('switches camera and microphone, follows plugged devices and 「刷新设备」 (R16)', async () => {
    const h = await startExam();
    await reachEntry(h);
    await h.advanceTo(h.backend.scheduleOf(CANDIDATE.id).entryOpensAt);
    await h.send({ type: 'user.enter' });
    expectState(h, { confirmingDevices: 'ready' });
    expect(h.actor.getSnapshot().context.cameraId).toBe('cam-1');
    await h.send({ type: 'user.selectCamera', deviceId: 'cam-2' });
    expect(h.media.opened.at(-1)?.cameraId).toBe('cam-2');
    expect(h.media.opened.at(-2)?.stopped).toBe(true);
    h.volume.push(0.42);
    await h.advance(200);
    const view = h.view();
    expect(view.stage === 'confirmingDevices' && view.preview.volume).toBe(0.42);

    h.media.plug({ ...h.media.devices, microphones: [...h.media.devices.microphones, { id: 'mic-2', kind: 'microphone', label: 'Headset' }] });
    await h.settle();
    expect(h.actor.getSnapshot().context.devices.microphones.map((d) => d.id)).toEqual(['mic-1', 'mic-2']);
    await h.send({ type: 'user.selectMicrophone', deviceId: 'mic-2' });
    expect(h.media.opened.at(-1)).toMatchObject({ cameraId: 'cam-2', microphoneId: 'mic-2' });

    h.media.devices = { ...h.media.devices, cameras: [{ id: 'cam-3', kind: 'camera', label: 'New Camera' }] };
    await h.send({ type: 'user.refreshDevices' });
    expect(h.actor.getSnapshot().context.cameraId).toBe('cam-3');
  });

  it('shows a device error and recovers after the device is back', async () => {
    const h = await startExam();
    await reachEntry(h);
    await h.advanceTo(h.backend.scheduleOf(CANDIDATE.id).entryOpensAt);
    h.media.openError = ErrorCode.MEDIA_DEVICE_BUSY;
    await h.send({ type: 'user.enter' });
    expectState(h, { confirmingDevices: 'failed' });
    await h.send({ type: 'user.continue' });
    expect(h.stage()).toBe('confirmingDevices');
    h.media.openError = null;
    await h.send({ type: 'user.refreshDevices' });
    expectState(h, { confirmingDevices: 'ready' });
  });

  it('requires the pledge and the notice both accepted (R17)', async () => {
    const h = await startExam();
    await reachEntry(h);
    await h.advanceTo(h.backend.scheduleOf(CANDIDATE.id).entryOpensAt);
    await h.send({ type: 'user.enter' });
    await h.send({ type: 'user.continue' });
    expect(h.stage()).toBe('confirmingInfo');
    const info = h.view();
    expect(info.stage === 'confirmingInfo' && info.candidate?.name).toBe('张三');
    await h.send({ type: 'user.confirmInfo' });
    await h.send({ type: 'user.continue' });
    expect(h.stage()).toBe('readingPledge');
    await h.send({ type: 'user.setPledgeAccepted', accepted: true });
    await h.send({ type: 'user.continue' });
    expect(h.stage()).toBe('readingPledge');
    await h.send({ type: 'user.setNoticeAccepted', accepted: true });
    await h.send({ type: 'user.setPledgeAccepted', accepted: false });
    await h.send({ type: 'user.continue' });
    expect(h.stage()).toBe('readingPledge');
    await h.send({ type: 'user.setPledgeAccepted', accepted: true });
    await h.send({ type: 'user.continue' });
    expect(h.stage()).toBe('countdown');
  });

  it('has the server record each confirmation before going on, and shows a failure the candidate may retry (R16, R17, R24)', async () => {
    const h = await startExam();
    await reachEntry(h);
    const enteredAt = h.backend.scheduleOf(CANDIDATE.id).entryOpensAt;
    await h.advanceTo(enteredAt);
    await h.send({ type: 'user.enter' });
    h.backend.failNext('confirm', ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.continue' });
    expect(h.stage()).toBe('confirmingDevices');
    const failed = h.view();
    expect(failed.stage === 'confirmingDevices' && failed.error).toBe(ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.continue' });
    expect(h.stage()).toBe('confirmingInfo');
    h.backend.failNext('confirm', ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.confirmInfo' });
    const infoFailed = h.view();
    expect(infoFailed.stage === 'confirmingInfo' && infoFailed.error).toBe(ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.confirmInfo' });
    expect(h.stage()).toBe('readingPledge');
    await h.send({ type: 'user.setPledgeAccepted', accepted: true });
    await h.send({ type: 'user.setNoticeAccepted', accepted: true });
    h.backend.failNext('confirm', ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.continue' });
    const pledgeFailed = h.view();
    expect(pledgeFailed.stage === 'readingPledge' && pledgeFailed.error).toBe(ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.continue' });
    expect(h.stage()).toBe('countdown');
    expect(h.backend.progressOf(CANDIDATE.id)).toMatchObject({
      devicesConfirmedAt: enteredAt,
      infoConfirmedAt: enteredAt,
      pledgeAcceptedAt: enteredAt,
      pledgeVersion: PLEDGE_VERSION,
    });
    expect(h.backend.calls.filter((c) => c.method === 'confirm').map((c) => c.args[0])).toEqual([
      { kind: 'devices', cameraLabel: 'Integrated Camera' },
      { kind: 'devices', cameraLabel: 'Integrated Camera' },
      { kind: 'info' },
      { kind: 'info' },
      { kind: 'pledge', pledgeVersion: PLEDGE_VERSION },
      { kind: 'pledge', pledgeVersion: PLEDGE_VERSION },
    ]);
  });
});

describe('登录尚未开放 for the candidate’s own sitting (R4)', () => {
  it('counts down to when the server says this candidate’s login opens, then shows the form again', async () => {
    // Login is open for sitting 1, so the page shows the form; 王五 sits in sitting 2, 90 minutes later.
    const h = await startExam();
    const wangWu = { idNumber: '110101200001010033', password: 'demo-pass-3' };
    const opensAt = START + 90 * 60_000 - 30 * 60_000;
    await logInWithPassword(h, wangWu);
    expectState(h, { login: 'notOpen' });
    const view = h.view();
    expect(view.stage === 'login' && [view.opensAt, view.error, view.timeZone]).toEqual([opensAt, null, 'Asia/Shanghai']);
    await h.advanceTo(opensAt - 1);
    expectState(h, { login: 'notOpen' });
    await h.advance(1);
    expectState(h, { login: { open: 'password' } });
    await h.send({ type: 'user.submitPassword', ...wangWu });
    expect(h.stage()).toBe('readingProcess');
  });
});

describe('倒计时 and 开始答题 (R18–R27)', () => {
  it('waits on the countdown page and shows the questions at startsAt (R18)', async () => {
    const h = await startExam();
    await reachEntry(h);
    await enterAndConfirm(h);
    expect(h.stage()).toBe('countdown');
    await h.advanceTo(START - 1);
    expect(h.stage()).toBe('countdown');
    expect(h.backend.calls.some((c) => c.method === 'getQuestions')).toBe(false);
    await h.advance(1);
    expectState(h, { answering: { questions: 'shown' } });
    const view = h.view();
    expect(view.stage === 'answering' && view.questions.items.map((q) => q.order)).toEqual([1, 2, 3]);
    expect(view.stage === 'answering' && view.deadline).toBe(START + 5 * 60_000);
    await h.recordingStarted('camera');
    expect(h.recorder.started).toHaveLength(2); // screen since entry, camera since the start
  });

  it('asks for the questions again by itself when the request reached the server a moment before their release (R18)', async () => {
    const clock = createFakeClock(T0);
    let serverLagMs = 0;
    const backend = createMemoryExamBackend(sampleFixture(START), { now: () => clock.now() - serverLagMs });
    const h = await startExam({ clock, backend });
    await reachEntry(h);
    await enterAndConfirm(h);
    // From here the page's estimate of server time runs 800 ms ahead of the server's own clock.
    serverLagMs = 800;
    const questionCalls = () => h.backend.calls.filter((c) => c.method === 'getQuestions').length;
    await h.advanceTo(START);
    await h.until(() => questionCalls() === 1);
    // Refused with QUESTIONS_NOT_RELEASED and opensAt: the page keeps loading, no error, no 「刷新题目」.
    expectState(h, { answering: { questions: 'loading' } });
    let view = h.view();
    expect(view.stage === 'answering' && [view.questions.canRefresh, view.error]).toEqual([false, null]);
    // It waits (at least a second, as server time has passed opensAt by its estimate) and asks once more.
    await h.advanceTo(START + QUESTIONS_RETRY_MIN_MS - 1);
    expect(questionCalls()).toBe(1);
    await h.advance(1);
    await h.until((s) => s.matches({ answering: { questions: 'shown' } }));
    expect(questionCalls()).toBe(2);
    view = h.view();
    expect(view.stage === 'answering' && view.questions.items.map((q) => q.order)).toEqual([1, 2, 3]);
  });

  it('keeps asking once a second while the server clock lags further behind (R18)', async () => {
    const clock = createFakeClock(T0);
    let serverLagMs = 0;
    const backend = createMemoryExamBackend(sampleFixture(START), { now: () => clock.now() - serverLagMs });
    const h = await startExam({ clock, backend });
    await reachEntry(h);
    await enterAndConfirm(h);
    serverLagMs = 5_000;
    const questionCalls = () => h.backend.calls.filter((c) => c.method === 'getQuestions').length;
    await h.advanceTo(START);
    await h.until(() => questionCalls() === 1);
    // opensAt (START) has passed on the page's clock: it asks again every second until the server releases them.
    await h.advanceTo(START + 5_000);
    await h.until((s) => s.matches({ answering: { questions: 'shown' } }));
    expect(questionCalls()).toBe(6);
  });

  it('goes straight to answering when entering after startsAt', async () => {
    const h = await startExam();
    await reachEntry(h);
    await h.advanceTo(START + 60_000);
    await enterAndConfirm(h);
    expectState(h, { answering: { questions: 'shown' } });
  });

  it('ends at the server deadline, not before (R18, R29)', async () => {
    const h = await startExam();
    await reachAnswering(h);
    await h.advanceTo(START + 5 * 60_000 - 1);
    expect(h.stage()).toBe('answering');
    await h.advance(1);
    expect(['uploading', 'finished']).toContain(h.stage());
    expect(h.actor.getSnapshot().context.finishReason).toBe('timeUp');
  });

  it('takes extra time a supervisor gave: the deadline on the page moves, and the time-up comes at the new one', async () => {
    const h = await startExam();
    await reachAnswering(h);
    const schedule = h.actor.getSnapshot().context.schedule!;
    const deadline = schedule.deadline + 5 * 60_000;
    const { policy: _policy, ...instants } = schedule;
    h.backend.push(CANDIDATE.id, { type: 'schedule.changed', schedule: { ...instants, deadline, evidenceDueAt: deadline + 60 * 60_000 } });
    await h.settle();
    const view = h.view();
    expect(view.stage === 'answering' && view.deadline).toBe(deadline);
    await h.advanceTo(schedule.deadline + 60_000);
    expect(h.stage()).toBe('answering');
    await h.advanceTo(deadline);
    expect(['uploading', 'finished']).toContain(h.stage());
    expect(h.actor.getSnapshot().context.finishReason).toBe('timeUp');
  });

  it('finishes when a supervisor ended the interview, without telling the server again', async () => {
    const h = await startExam();
    await reachAnswering(h);
    const progress = { ...h.actor.getSnapshot().context.progress!, finishedAt: START + 60_000, finishReason: 'endedBySupervisor' as const };
    h.backend.push(CANDIDATE.id, { type: 'exam.finished', progress });
    await h.settle();
    expect(['uploading', 'finished']).toContain(h.stage());
    await h.leaves('uploading');
    expect(h.stage()).toBe('finished');
    const finished = h.view();
    expect(finished.stage === 'finished' && finished.finishReason).toBe('endedBySupervisor');
    expect(h.backend.calls.filter((c) => c.method === 'finish')).toHaveLength(0);
  });

  it('shows 「刷新题目」 when the questions fail to load and loads them again (R22)', async () => {
    const h = await startExam();
    await reachEntry(h);
    await enterAndConfirm(h);
    h.backend.failNext('getQuestions', ErrorCode.QUESTIONS_UNAVAILABLE);
    await h.advanceTo(START);
    expectState(h, { answering: { questions: 'failed' } });
    const view = h.view();
    expect(view.stage === 'answering' && view.questions.canRefresh).toBe(true);
    await h.send({ type: 'user.refreshQuestions' });
    expectState(h, { answering: { questions: 'shown' } });
  });

  it('shows the phone in the side panel: bytes uploaded as they arrive, silent, stopped (R10)', async () => {
    const h = await startExam();
    await reachAnswering(h);
    const phone = () => {
      const view = h.view();
      if (view.stage !== 'answering') throw new Error(view.stage);
      return view.phone;
    };
    expect(phone()).toMatchObject({ state: 'recording', required: true, replaced: false, bytesReceived: null });
    const seenAt = h.clock.now();
    h.backend.updateEvidence(CANDIDATE.id, { bytesReceived: 12_582_912, phoneSeenAt: seenAt });
    await h.settle();
    expect(phone()).toMatchObject({ bytesReceived: 12_582_912, bytesExpected: null, percent: null, silentFrom: seenAt + PHONE_SILENT_AFTER_MS });
    h.backend.setEvidence(CANDIDATE.id, 'stopped');
    await h.settle();
    expect(phone().state).toBe('stopped');
  });

  it('pairs a phone again while answering from 「重新绑定手机」: a fresh code in a dialog, replaced once it paired (R10)', async () => {
    const h = await startExam();
    await reachAnswering(h);
    const rebinding = () => {
      const view = h.view();
      if (view.stage !== 'answering') throw new Error(view.stage);
      return view.rebinding;
    };
    expect(rebinding()).toEqual({ phase: 'closed', pairing: null });
    const before = h.actor.getSnapshot().context.pairing!.code;
    await h.send({ type: 'user.rebindPhone' });
    expect(rebinding().phase).toBe('shown');
    const first = rebinding().pairing!;
    expect(h.actor.getSnapshot().context.pairing!.code).not.toBe(before);
    // The new phone paired with it: the old one is replaced, and the dialog shows a fresh code for yet another phone.
    h.backend.replacePhone(CANDIDATE.id);
    await h.settle();
    expect(rebinding().phase).toBe('shown');
    expect(rebinding().pairing!.code).not.toBe(first.code);
    const view = h.view();
    expect(view.stage === 'answering' && view.phone.replaced).toBe(true);
    await h.send({ type: 'user.closeRebinding' });
    expect(rebinding().phase).toBe('closed');
    // A code that cannot be made says why, and 「刷新二维码」 tries again; the questions go on meanwhile.
    h.backend.failNext('createPairing', ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.rebindPhone' });
    expect(rebinding().phase).toBe('failed');
    expect(h.actor.getSnapshot().context.error).toBe(ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.refreshPairing' });
    expect(rebinding().phase).toBe('shown');
    expect(h.actor.getSnapshot().context.error).toBeNull();
    expectState(h, { answering: { questions: 'shown' } });
  });

  it('asks to confirm 「结束考试」 and can be cancelled (R25)', async () => {
    const h = await startExam();
    await reachAnswering(h);
    await h.send({ type: 'user.endExam' });
    expectState(h, { answering: { ending: 'confirming' } });
    await h.send({ type: 'user.cancelEnd' });
    expectState(h, { answering: { ending: 'idle' } });
    await h.send({ type: 'user.endExam' });
    await h.send({ type: 'user.confirmEnd' });
    expect(['uploading', 'finished']).toContain(h.stage());
    expect(h.actor.getSnapshot().context.finishReason).toBe('endedEarly');
    await h.settle();
    expect(h.backend.progressOf(CANDIDATE.id).finishReason).toBe('endedEarly');
  });

  it('keeps answering offline: only a banner and the upload pace change (R26)', async () => {
    const h = await startExam();
    await reachAnswering(h);
    const camera = h.recorder.started[1]!;
    h.integrity.goOffline();
    h.transport.setOnline(false);
    await h.settle();
    expectState(h, { answering: { network: 'offline', questions: 'shown', timer: 'running' } });
    const view = h.view();
    expect(view.stage === 'answering' && view.online).toBe(false);
    const callsWhileOffline = h.transport.calls.length;
    camera.emit(bytes(1, 2, 3));
    await h.stored('camera', 3);
    await h.advance(10_000);
    expect(h.transport.calls.length).toBe(callsWhileOffline);
    expect(h.stage()).toBe('answering');
    h.transport.setOnline(true);
    h.integrity.goOnline();
    await h.advance(1_000);
    expectState(h, { answering: { network: 'online' } });
    await h.acknowledged(cameraRecordingId(h), 3);
    expect(serverBytes(h, 'camera')).toEqual(bytes(1, 2, 3));
  });

  it('opens the help chat, sends, receives a reply and keeps an unsent message (R27)', async () => {
    const h = await startExam();
    await reachAnswering(h);
    await h.send({ type: 'user.openHelp' });
    expectState(h, { answering: { help: 'open' } });
    await h.send({ type: 'user.sendHelp', text: '   ' });
    expect(h.actor.getSnapshot().context.error).toBe(ErrorCode.HELP_MESSAGE_EMPTY);
    await h.send({ type: 'user.sendHelp', text: '我的摄像头画面很暗' });
    h.backend.reply(CANDIDATE.id, '请打开台灯');
    await h.settle();
    let view = h.view();
    if (view.stage !== 'answering') throw new Error(view.stage);
    expect(view.help.messages.map((m) => [m.from, m.text])).toEqual([
      ['candidate', '我的摄像头画面很暗'],
      ['supervisor', '请打开台灯'],
    ]);
    h.backend.failNext('sendHelpMessage', ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.sendHelp', text: '还是不行' });
    view = h.view();
    if (view.stage !== 'answering') throw new Error(view.stage);
    expect(h.actor.getSnapshot().context.error).toBe(ErrorCode.HELP_MESSAGE_FAILED);
    expect(view.help.unsent).toBe('还是不行');
    await h.send({ type: 'user.closeHelp' });
    expectState(h, { answering: { help: 'closed' } });
    expect(h.backend.helpOf(CANDIDATE.id)).toHaveLength(2);

    // A burst the server refuses (HELP_MESSAGE_RATE, with the clock standing still): the candidate is told this
    // one was not sent, and keeps the text.
    await h.send({ type: 'user.openHelp' });
    for (let i = 2; i <= HELP_MESSAGE_RATE.limit; i++) await h.send({ type: 'user.sendHelp', text: `第${i}条` });
    expect(h.backend.helpOf(CANDIDATE.id).filter((m) => m.from === 'candidate')).toHaveLength(HELP_MESSAGE_RATE.limit);
    await h.send({ type: 'user.sendHelp', text: '太多了' });
    view = h.view();
    if (view.stage !== 'answering') throw new Error(view.stage);
    expect(h.actor.getSnapshot().context.error).toBe(ErrorCode.HELP_MESSAGE_RATE_LIMITED);
    expect(view.help.unsent).toBe('太多了');
  });

  it('counts supervisor replies that arrive while the help chat is closed, until the candidate opens it', async () => {
    const h = await startExam();
    await reachAnswering(h);
    const unread = () => {
      const view = h.view();
      if (view.stage !== 'answering') throw new Error(view.stage);
      return view.help.unread;
    };
    h.backend.reply(CANDIDATE.id, '请调整摄像头角度');
    h.backend.reply(CANDIDATE.id, '能听到吗？');
    await h.settle();
    expect(unread()).toBe(2);
    await h.send({ type: 'user.openHelp' });
    expect(unread()).toBe(0);
    h.backend.reply(CANDIDATE.id, '好的');
    await h.settle();
    expect(unread()).toBe(0);
    await h.send({ type: 'user.closeHelp' });
    await h.send({ type: 'user.sendHelp', text: 'ignored while closed' });
    expect(unread()).toBe(0);
  });

  it('stamps incidents with whole milliseconds, also when the server clock estimate ends in .5', async () => {
    // The browser's clock offset is the midpoint of a round trip; the contract's instants are integers.
    const h = await startExam();
    await reachAnswering(h);
    h.clock.advance(0.5);
    expect(Number.isInteger(h.clock.now())).toBe(false);
    h.screen.shares[0]!.end();
    await h.settle();
    const incident = h.backend.incidentsOf(CANDIDATE.id).find((i) => i.kind === 'screenShareEnded');
    expect(incident && Number.isInteger(incident.at)).toBe(true);
  });

  it('reports a stopped screen share as an incident and asks to share again (R14)', async () => {
    const h = await startExam();
    await reachAnswering(h);
    h.screen.shares[0]!.end();
    await h.settle();
    expectState(h, { answering: { recording: 'screenLost' } });
    expect(h.backend.incidentsOf(CANDIDATE.id).map((i) => i.kind)).toContain('screenShareEnded');
    await h.send({ type: 'user.shareScreen' });
    expectState(h, { answering: { recording: 'ok' } });
    await h.recordingStarted('screen', 2);
    const screens = h.backend.recordingsOf(CANDIDATE.id).filter((r) => r.kind === 'screen');
    expect(screens).toHaveLength(2);
    // The first part was stopped before the second was created (one open part per kind): stopped in the store, or
    // already uploaded and gone from it.
    expect(h.store.peek(screens[0]!.id)?.stopped ?? true).toBe(true);
    expect(h.store.peek(screens[1]!.id)?.stopped).toBe(false);
    h.screen.shares.at(-1)!.end();
    await h.settle();
    expectState(h, { answering: { recording: 'screenLost' } });
    expect(h.backend.incidentsOf(CANDIDATE.id).filter((i) => i.kind === 'screenShareEnded')).toHaveLength(2);
  });

  it('reports integrity signals as incidents with server time once entered (R15)', async () => {
    const h = await startExam();
    h.integrity.emit({ kind: 'windowBlur' }); // before entering: not an incident
    await h.settle();
    await reachAnswering(h);
    h.integrity.emit({ kind: 'pageHidden' });
    h.integrity.emit({ kind: 'printScreen' });
    await h.settle();
    const incidents = h.backend.incidentsOf(CANDIDATE.id);
    expect(incidents.map((i) => i.kind)).toEqual(['pageHidden', 'printScreen']);
    expect(incidents[0]!.at).toBe(h.clock.now());
  });
});

/** The page reloads (or the browser restarts) keeping its session, its stored chunks and its uploads. */
async function reload(first: Harness, clock: ReturnType<typeof createFakeClock>, session: KeptSession): Promise<Harness> {
  first.actor.stop();
  return startExam({ clock, session, backend: first.backend, store: first.store, transport: first.transport });
}

/** From a fresh start (with a kept session) to `stage`, one of the stages after entry. */
async function reachStageAfterEntry(h: Harness, stage: 'confirmingDevices' | 'confirmingInfo' | 'readingPledge' | 'countdown'): Promise<void> {
  await reachEntry(h);
  await h.advanceTo(h.backend.scheduleOf(CANDIDATE.id).entryOpensAt);
  await h.send({ type: 'user.enter' });
  const steps = [
    { type: 'user.continue' },
    { type: 'user.confirmInfo' },
    { type: 'user.setPledgeAccepted', accepted: true },
    { type: 'user.setNoticeAccepted', accepted: true },
    { type: 'user.continue' },
  ] as const;
  const stepsBefore = { confirmingDevices: 0, confirmingInfo: 1, readingPledge: 2, countdown: 5 }[stage];
  for (const step of steps.slice(0, stepsBefore)) await h.send(step);
  expect(h.stage()).toBe(stage);
}

describe('继续面试: back where the candidate was after a reload or a browser restart', () => {
  it('a reload during 开始答题 asks only to share the screen again, then is back at 开始答题 with the same deadline and the stages before done', async () => {
    const clock = createFakeClock(T0);
    const session: KeptSession = { token: null };
    const first = await startExam({ clock, session });
    await reachAnswering(first);
    await first.advance(60_000);
    const deadline = first.backend.scheduleOf(CANDIDATE.id).deadline;
    const firstParts = new Set(first.backend.recordingsOf(CANDIDATE.id).map((r) => r.id));

    const second = await reload(first, clock, session);
    // No 设备准备, 进入考试, 设备确认, 信息确认 or 承诺书: the camera reopened by itself; only the screen is asked for.
    expectState(second, { resuming: 'ready' });
    const prompt = second.view();
    expect(prompt).toEqual({ stage: 'resuming', phase: 'ready', returnsTo: 'answering', deadline, canShare: true, canReopenCamera: false, error: null });
    expect(selectStepper(second.actor.getSnapshot()).map((s) => s.status)).toEqual([...Array(9).fill('done'), 'current', 'upcoming']);
    expect(second.media.opened).toHaveLength(1);
    expect(second.screen.shares).toHaveLength(0);

    await second.send({ type: 'user.shareScreen' });
    expect(second.stage()).toBe('answering');
    const view = second.view();
    // The phone's status was read with the candidate's record, not left to the next push.
    expect(view.stage === 'answering' && view.phone.state).toBe('recording');
    expect(view.stage === 'answering' && view.deadline).toBe(deadline);
    expect(view.stage === 'answering' && view.questions.phase).toBe('shown');
    // Both recorders run again, each as a new recording of its kind (the first page's parts stored nothing: the fake
    // recorders handed out no chunk; they are given up, not uploaded).
    await second.until((s) => ['screen', 'camera'].every((kind) => s.context.recordings.some((r) => r.kind === kind && !firstParts.has(r.recordingId))));
    expect(second.recorder.started.map((r) => r.stream)).toEqual([second.screen.shares[0]!.stream, second.media.opened[0]!.stream]);
    expect(second.emitted.filter((e) => e.type === 'stageChanged').map((e) => (e as { stage: string }).stage)).toEqual(['checkingDevices', 'answering']);
    // The supervisor sees why the screen recording has a gap.
    expect(first.backend.incidentsOf(CANDIDATE.id).filter((i) => i.kind === 'screenShareEnded').map((i) => i.detail)).toEqual(['pageReloaded']);
    // Nobody logged in again, and device checks did not run.
    expect(first.backend.calls.filter((c) => c.method === 'loginWithPassword')).toHaveLength(1);

    await second.advanceTo(deadline);
    await second.leaves('answering');
    expect(first.backend.progressOf(CANDIDATE.id).finishReason).toBe('timeUp');
  });

  it.each(['confirmingDevices', 'confirmingInfo', 'readingPledge', 'countdown'] as const)(
    'a reload at %s returns there once the screen is shared again, its recording restarted',
    async (stage) => {
      const clock = createFakeClock(T0);
      const session: KeptSession = { token: null };
      const first = await startExam({ clock, session });
      await reachStageAfterEntry(first, stage);
      await first.recordingStarted('screen');
      const firstScreen = first.actor.getSnapshot().context.recordings.find((r) => r.kind === 'screen')!.recordingId;

      const second = await reload(first, clock, session);
      expectState(second, { resuming: 'ready' });
      const prompt = second.view();
      expect(prompt.stage === 'resuming' && prompt.returnsTo).toBe(stage);
      expect(prompt.stage === 'resuming' && prompt.deadline).toBeNull();
      const currentStep = stage === 'countdown' ? 'answering' : stage;
      expect(selectStepper(second.actor.getSnapshot()).find((s) => s.status === 'current')?.step).toBe(currentStep);
      await second.send({ type: 'user.shareScreen' });
      expect(second.stage()).toBe(stage);
      // The first part stored nothing (its recorder never handed out a chunk): it is given up, and a new part records.
      await second.until((s) => s.context.recordings.some((r) => r.kind === 'screen' && r.recordingId !== firstScreen));
      expect(second.emitted.filter((e) => e.type === 'stageChanged').map((e) => (e as { stage: string }).stage)).toEqual(['checkingDevices', stage]);
    },
  );

  it('goes on from the stage it returned to: 承诺书 ticked again, then the countdown and 开始答题 at the start', async () => {
    const clock = createFakeClock(T0);
    const session: KeptSession = { token: null };
    const first = await startExam({ clock, session });
    await reachStageAfterEntry(first, 'readingPledge');
    const second = await reload(first, clock, session);
    await second.send({ type: 'user.shareScreen' });
    await second.send({ type: 'user.setPledgeAccepted', accepted: true });
    await second.send({ type: 'user.setNoticeAccepted', accepted: true });
    await second.send({ type: 'user.continue' });
    expect(second.stage()).toBe('countdown');
    await second.advanceTo(START);
    expect(second.stage()).toBe('answering');
    await second.recordingStarted('camera');
  });

  it('a reload before entry returns to that stage without 设备准备 or login', async () => {
    const clock = createFakeClock(T0);
    const session: KeptSession = { token: null };
    const first = await startExam({ clock, session });
    await logInWithPassword(first);
    await first.send({ type: 'user.continue' });
    expect(first.stage()).toBe('bindingEvidence');
    const second = await reload(first, clock, session);
    expect(second.stage()).toBe('bindingEvidence');
    expect(second.emitted.filter((e) => e.type === 'stageChanged').map((e) => (e as { stage: string }).stage)).toEqual(['checkingDevices', 'bindingEvidence']);
  });

  it('a reload after finishing returns to 上传 and completes what was stored', async () => {
    const clock = createFakeClock(T0);
    const session: KeptSession = { token: null };
    const first = await startExam({ clock, session });
    await reachAnswering(first);
    await first.send({ type: 'user.endExam' });
    await first.send({ type: 'user.confirmEnd' });
    await first.until((s) => s.context.finishRecorded);
    const second = await reload(first, clock, session);
    await second.advance(10_000);
    await second.until((s) => s.matches('finished'));
    expect(second.emitted.filter((e) => e.type === 'stageChanged').map((e) => (e as { stage: string }).stage)).toEqual(['checkingDevices', 'uploading', 'finished']);
    expect(first.backend.progressOf(CANDIDATE.id).finishReason).toBe('endedEarly');
  });

  it('asks to reopen the camera when the browser lost its permission, then for the screen', async () => {
    const clock = createFakeClock(T0);
    const session: KeptSession = { token: null };
    const first = await startExam({ clock, session });
    await reachAnswering(first);
    first.actor.stop();
    const second = await startExam({ clock, session, backend: first.backend, store: first.store, transport: first.transport, prepare: (fakes) => (fakes.media.openError = ErrorCode.CAMERA_PERMISSION_DENIED) });
    expectState(second, { resuming: 'cameraFailed' });
    const view = second.view();
    expect(view.stage === 'resuming' && [view.error, view.canReopenCamera, view.canShare]).toEqual([ErrorCode.CAMERA_PERMISSION_DENIED, true, false]);
    second.media.openError = null;
    await second.send({ type: 'user.reopenCamera' });
    expectState(second, { resuming: 'ready' });
    await second.send({ type: 'user.shareScreen' });
    expect(second.stage()).toBe('answering');
  });

  it('accepts only the whole screen again (R14), and only one display (R13)', async () => {
    const clock = createFakeClock(T0);
    const session: KeptSession = { token: null };
    const first = await startExam({ clock, session });
    await reachAnswering(first);
    const second = await reload(first, clock, session);
    second.screen.next = 'window';
    await second.send({ type: 'user.shareScreen' });
    expectState(second, { resuming: 'ready' });
    expect(second.actor.getSnapshot().context.error).toBe(ErrorCode.SCREEN_SHARE_NOT_MONITOR);
    expect(second.screen.shares[0]!.stopped).toBe(true);
    second.screen.next = 'monitor';
    second.display.external = true;
    await second.send({ type: 'user.shareScreen' });
    expect(second.actor.getSnapshot().context.error).toBe(ErrorCode.EXTERNAL_DISPLAY_CONNECTED);
    second.display.external = false;
    await second.send({ type: 'user.shareScreen' });
    expect(second.stage()).toBe('answering');
  });

  it('ends the exam at the deadline while the screen has not been shared again', async () => {
    const clock = createFakeClock(T0);
    const session: KeptSession = { token: null };
    const first = await startExam({ clock, session });
    await reachAnswering(first);
    const second = await reload(first, clock, session);
    await second.advanceTo(first.backend.scheduleOf(CANDIDATE.id).deadline - 1);
    expectState(second, { resuming: 'ready' });
    await second.advance(1);
    expect(['uploading', 'finished']).toContain(second.stage());
    expect(second.actor.getSnapshot().context.finishReason).toBe('timeUp');
  });

  it('a reload while the network is down runs 设备准备, then reads the kept session again instead of asking to log in', async () => {
    const clock = createFakeClock(T0);
    const session: KeptSession = { token: null };
    const first = await startExam({ clock, session });
    await reachAnswering(first);
    first.backend.failNext('getMe', ErrorCode.NETWORK_ERROR);
    const second = await reload(first, clock, session);
    expectState(second, { checkingDevices: 'reviewing' });
    await second.send({ type: 'user.continue' });
    expectState(second, { resuming: 'ready' });
    expect(first.backend.calls.filter((c) => c.method === 'loginWithPassword')).toHaveLength(1);
  });

  it('runs 设备准备 and login when the kept session is of another exam', async () => {
    const clock = createFakeClock(T0);
    const session: KeptSession = { token: null };
    const first = await startExam({ clock, session });
    await logInWithPassword(first);
    first.actor.stop();
    const fakes = await startExam({ clock, session, backend: first.backend, examId: 'another-exam' });
    expectState(fakes, { checkingDevices: 'reviewing' });
  });
});

describe('上传 and 结束考试 (R28–R30)', () => {
  it('finishes only when every recording is acknowledged, and the server holds every byte (R28, R29)', async () => {
    const h = await startExam();
    await reachAnswering(h);
    const [screen, camera] = h.recorder.started;
    screen!.emit(bytes(10, 11));
    camera!.emit(bytes(20, 21, 22));
    h.transport.failNextAppends(3);
    await h.send({ type: 'user.endExam' });
    await h.send({ type: 'user.confirmEnd' });
    expect(h.stage()).toBe('uploading');
    expect(h.emitted.some((e) => e.type === 'uploadComplete')).toBe(false);
    // The retries after the failed appends wait on simulated time: let the recorders store their last chunks first.
    await h.until((s) => s.context.recordersStopped);
    await h.advance(60_000);
    await h.leaves('uploading');
    expect(h.stage()).toBe('finished');
    expect(serverBytes(h, 'screen')).toEqual(screen!.emitted());
    expect(serverBytes(h, 'camera')).toEqual(camera!.emitted());
    expect(concat([bytes(20, 21, 22)])).toEqual(camera!.emitted().slice(0, 3));
    expect(h.emitted.map((e) => e.type)).toEqual(expect.arrayContaining(['finished', 'uploadComplete']));
    expect(h.media.opened.at(-1)?.stopped).toBe(true);
    expect(h.screen.shares.at(-1)?.stopped).toBe(true);
    const view = h.view();
    expect(view.stage === 'finished' && view.evidenceDueAt).toBe(START + 65 * 60_000);
  });

  it('shows the phone\'s upload live at 上传成功 until it is complete, from pushes and a poll every 15 s (R30)', async () => {
    const h = await startExam();
    await reachAnswering(h);
    await h.send({ type: 'user.endExam' });
    await h.send({ type: 'user.confirmEnd' });
    await h.until((s) => s.matches('finished'));
    const phone = () => {
      const view = h.view();
      if (view.stage !== 'finished') throw new Error(view.stage);
      return view.phone;
    };
    expect(phone().state).toBe('recording');
    // The candidate stops the phone by hand; the pushes still come after the finish.
    h.backend.setEvidence(CANDIDATE.id, 'stopped');
    h.backend.updateEvidence(CANDIDATE.id, { bytesReceived: 30_000_000, bytesExpected: 40_000_000 });
    await h.settle();
    expect(phone()).toMatchObject({ state: 'stopped', bytesReceived: 30_000_000, bytesExpected: 40_000_000, percent: 75 });
    // A socket that died: the poll brings what was not pushed.
    h.backend.updateEvidence(CANDIDATE.id, { bytesReceived: 39_000_000 }, { push: false });
    await h.advance(EVIDENCE_POLL_MS);
    expect(phone().percent).toBe(97);
    h.backend.setEvidence(CANDIDATE.id, 'uploaded');
    await h.settle();
    expect(phone()).toMatchObject({ state: 'uploaded', percent: 100 });
    expectState(h, { finished: 'evidenceSettled' });
    // Nothing left to watch: no more reads.
    const reads = () => h.backend.calls.filter((c) => c.method === 'getEvidenceStatus').length;
    const settled = reads();
    await h.advance(3 * EVIDENCE_POLL_MS);
    expect(reads()).toBe(settled);
  });

  it('waits for the network during the upload and finishes after it is back (R26)', async () => {
    const h = await startExam();
    await reachAnswering(h);
    h.recorder.started[1]!.emit(bytes(1, 2, 3, 4));
    h.integrity.goOffline();
    h.transport.setOnline(false);
    await h.settle();
    await h.send({ type: 'user.endExam' });
    await h.send({ type: 'user.confirmEnd' });
    expectState(h, { uploading: { transfer: 'waitingForNetwork' } });
    await h.advance(30_000);
    expect(h.stage()).toBe('uploading');
    h.transport.setOnline(true);
    h.integrity.goOnline();
    await h.advance(10_000);
    await h.leaves('uploading');
    expect(h.stage()).toBe('finished');
    expect(h.backend.progressOf(CANDIDATE.id).finishReason).toBe('endedEarly');
  });

  it('resumes after a browser restart that lost the session: login, then straight back to 开始答题, and uploads what the first page stored', async () => {
    const clock = createFakeClock(T0);
    const first = await startExam({ clock });
    await reachAnswering(first);
    first.recorder.started[1]!.emit(bytes(7, 7, 7));
    first.transport.setOnline(false); // the chunk stays in the store only
    await first.stored('camera', 3);
    await first.advance(2_000);
    first.actor.stop(); // the browser closes, and its session with it

    const second = await startExam({ clock, backend: first.backend, store: first.store, transport: first.transport });
    first.transport.setOnline(true);
    await logInWithPassword(second);
    expectState(second, { resuming: 'ready' });
    await second.send({ type: 'user.shareScreen' });
    expect(second.stage()).toBe('answering');
    await second.advance(5_000);
    const firstCamera = first.backend.recordingsOf(CANDIDATE.id).find((r) => r.kind === 'camera')!;
    await second.acknowledged(firstCamera.id, 3);
    expect(first.transport.upload(firstCamera.uploadUrl)?.bytes.slice(0, 3)).toEqual(bytes(7, 7, 7));
  });

  it('uploads what a crashed browser left once the candidate has logged in again, with no 「重试」', async () => {
    const clock = createFakeClock(T0);
    const first = await startExam({ clock });
    await reachAnswering(first);
    first.recorder.started[1]!.emit(bytes(7, 7, 7));
    first.transport.setOnline(false); // the chunk stays in the store only
    await first.stored('camera', 3);
    await first.advance(2_000);
    first.actor.stop(); // the browser crashes; its session (sessionStorage) is gone

    // Before the new login the server refuses the leftover uploads: no session yet.
    first.transport.setOnline(true);
    first.transport.failNext('offset', 1, ErrorCode.UNAUTHENTICATED);
    const second = await startExam({ clock, backend: first.backend, store: first.store, transport: first.transport });
    const firstCamera = first.backend.recordingsOf(CANDIDATE.id).find((r) => r.kind === 'camera')!;
    // Closing the leftovers hashes what they stored; then the queue lists them and tries each once. The screen's
    // part stored nothing: it is given up, not uploaded.
    await second.until(uploadsSettled);
    expect(second.actor.getSnapshot().context.recordings.map((r) => [r.kind, r.state])).toEqual([['camera', 'failed']]);
    await logInWithPassword(second);
    await second.advance(2_000);
    await second.until(uploadsSettled);
    expect(first.transport.upload(firstCamera.uploadUrl)?.bytes).toEqual(bytes(7, 7, 7));
    expect(second.actor.getSnapshot().context.recordings.map((r) => r.state)).toEqual(['done']);
  });

  it('goes to uploading when a reload comes after the deadline', async () => {
    const clock = createFakeClock(T0);
    const first = await startExam({ clock });
    await reachAnswering(first);
    first.actor.stop();
    await first.advance(6 * 60_000);
    const second = await startExam({ clock, backend: first.backend, store: first.store, transport: first.transport });
    await logInWithPassword(second);
    await second.advance(10_000);
    await second.leaves('uploading');
    expect(second.stage()).toBe('finished');
    expect(first.backend.progressOf(CANDIDATE.id).finishReason).toBe('timeUp');
  });

  it('tells the candidate and the supervisor when storage runs low, and drops nothing already stored', async () => {
    const h = await startExam();
    await reachAnswering(h);
    const camera = h.recorder.started[1]!;
    camera.emit(bytes(1, 2, 3));
    await h.stored('camera', 3);
    h.store.setQuota(h.store.usage);
    camera.emit(bytes(4, 5, 6));
    await h.until((s) => s.context.uploadError !== null);
    const view = h.view();
    expect(view.stage === 'answering' && view.uploadError).toBe(ErrorCode.STORAGE_QUOTA_LOW);
    expect(h.backend.incidentsOf(CANDIDATE.id).map((i) => i.kind)).toContain('storageLow');
    await h.advance(2_000);
    await h.acknowledged(cameraRecordingId(h), 3);
    expect(serverBytes(h, 'camera').slice(0, 3)).toEqual(bytes(1, 2, 3));
  });

  it('ends a part at the first chunk it must drop (storage full too long) and records the next part on the same stream', async () => {
    const h = await startExam();
    await reachAnswering(h);
    const camera = h.recorder.started[1]!;
    camera.emit(bytes(1, 2, 3));
    await h.stored('camera', 3);
    h.store.setQuota(h.store.usage);
    // Three chunks wait in memory, the fourth is one too many: a gap the file could not play past.
    for (const value of [4, 5, 6, 7]) camera.emit(bytes(value));
    await h.advance(2_000);
    await h.recordingStarted('camera', 2);
    const [first, second] = h.backend.recordingsOf(CANDIDATE.id).filter((r) => r.kind === 'camera');
    expect(second!.id).not.toBe(first!.id);
    // The next part records the same camera stream with a recorder of its own.
    const next = h.recorder.started.at(-1)!;
    expect(next).not.toBe(camera);
    expect(next.stream).toBe(camera.stream);
    // The first part ended whole with what was stored before the gap.
    expect(h.transport.upload(first!.uploadUrl)?.bytes.slice(0, 3)).toEqual(bytes(1, 2, 3));
    expect(h.transport.upload(first!.uploadUrl)?.finished).toBeDefined();
  });

  it('starts the next part again when it could not start for a while (the network gone)', async () => {
    const h = await startExam();
    await reachAnswering(h);
    const camera = h.recorder.started[1]!;
    camera.emit(bytes(1, 2, 3));
    await h.stored('camera', 3);
    h.store.setQuota(h.store.usage);
    h.backend.failNext('createRecording', ErrorCode.NETWORK_ERROR);
    for (const value of [4, 5, 6, 7]) camera.emit(bytes(value));
    await h.advance(2_000);
    await h.until((s) => s.context.uploadError === ErrorCode.NETWORK_ERROR);
    await h.advance(2_000);
    await h.recordingStarted('camera', 2);
    expect(h.recorder.started.at(-1)!.stream).toBe(camera.stream);
  });

  it('bars the page when the session is revoked', async () => {
    const h = await startExam();
    await reachAnswering(h);
    h.backend.revoke(CANDIDATE.id);
    await h.settle();
    expect(h.stage()).toBe('barred');
    expect(h.actor.getSnapshot().context.barredReason).toBe(ErrorCode.SESSION_REVOKED);
  });

  it('bars the page as expired, not taken over, when the session ends at the evidence deadline', async () => {
    const h = await startExam();
    await reachAnswering(h);
    h.backend.failNext('heartbeat', ErrorCode.SESSION_EXPIRED);
    await h.advance(HEARTBEAT_MS);
    await h.until((s) => s.matches('barred'));
    expect(h.actor.getSnapshot().context.barredReason).toBe(ErrorCode.SESSION_EXPIRED);
  });

  it('emits a stage change for every stage', async () => {
    const h = await startExam();
    await reachAnswering(h);
    expect(h.emitted.filter((e) => e.type === 'stageChanged').map((e) => (e as { stage: string }).stage)).toEqual([
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
  });
});
