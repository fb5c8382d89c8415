/** R7 「不得使用滤镜、美颜等功能」: a virtual or filter camera warned of at 设备准备, refused at 设备确认 until waived or changed. */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import type { MediaDeviceList } from '../ports/media-devices.port.js';
import { CANDIDATE, enterAndConfirm, expectState, reachEntry, startExam, type Harness } from './exam.test-kit.js';

/** OBS's virtual camera first, so the browser's default; a real camera second. */
const WITH_OBS: MediaDeviceList = {
  cameras: [
    { id: 'cam-obs', kind: 'camera', label: 'OBS Virtual Camera' },
    { id: 'cam-usb', kind: 'camera', label: 'USB Camera' },
  ],
  microphones: [{ id: 'mic-1', kind: 'microphone', label: 'Built-in Microphone' }],
};

async function start(): Promise<Harness> {
  const h = await startExam({ prepare: (fakes) => (fakes.media.devices = WITH_OBS) });
  await h.until((s) => s.matches({ checkingDevices: 'reviewing' }));
  return h;
}

function view<S extends string>(h: Harness, stage: S) {
  const v = h.view();
  if (v.stage !== stage) throw new Error(`expected the ${stage} view, got ${v.stage}`);
  return v as Extract<ReturnType<Harness['view']>, { stage: S }>;
}

/** From 进入考试 (open) to 设备确认 with the devices open. */
async function reachDeviceConfirmation(h: Harness): Promise<void> {
  await h.advanceTo(h.backend.scheduleOf(CANDIDATE.id).entryOpensAt);
  await h.send({ type: 'user.enter' });
  expectState(h, { confirmingDevices: 'ready' });
}

describe('virtual and filter cameras (R7)', () => {
  it('设备准备 warns of the virtual camera and offers the others; another camera passes', async () => {
    const h = await start();
    const checks = view(h, 'checkingDevices');
    expect(checks.checks.find((c) => c.id === 'camera')).toEqual({ id: 'camera', status: 'warn', error: ErrorCode.VIRTUAL_CAMERA });
    expect(checks.cameras.map((c) => c.id)).toEqual(['cam-obs', 'cam-usb']);
    expect(checks.cameraId).toBe('cam-obs');
    // A warning, not a failure: the candidate may log in, and 设备确认 is where the server decides.
    expect(checks.canContinue).toBe(true);

    await h.send({ type: 'user.selectCamera', deviceId: 'cam-usb' });
    await h.until((s) => s.matches({ checkingDevices: 'reviewing' }));
    expect(h.media.opened.at(-1)?.cameraId).toBe('cam-usb');
    expect(h.media.opened.every((c) => c.stopped)).toBe(true);
    const after = view(h, 'checkingDevices');
    expect(after.checks.find((c) => c.id === 'camera')).toEqual({ id: 'camera', status: 'pass' });
    expect(after.cameraId).toBe('cam-usb');
  });

  it('设备准备 offers the cameras again when the one chosen is gone, and not for a refused permission', async () => {
    const h = await start();
    expect(view(h, 'checkingDevices').offerCameras).toBe(true);
    await h.send({ type: 'user.selectCamera', deviceId: 'cam-usb' });
    await h.until((s) => s.matches({ checkingDevices: 'reviewing' }));
    expect(view(h, 'checkingDevices').offerCameras).toBe(false);
    // The USB camera is unplugged: checking again with it fails, and the cameras known are offered.
    h.media.devices = { ...WITH_OBS, cameras: WITH_OBS.cameras.filter((c) => c.id !== 'cam-usb') };
    await h.send({ type: 'user.recheck' });
    await h.until((s) => s.matches({ checkingDevices: 'reviewing' }));
    expect(view(h, 'checkingDevices')).toMatchObject({ offerCameras: true, cameraId: 'cam-usb', canContinue: false });
    expect(view(h, 'checkingDevices').checks.find((c) => c.id === 'camera')).toMatchObject({ status: 'fail', error: ErrorCode.CAMERA_NOT_FOUND });
    await h.send({ type: 'user.selectCamera', deviceId: 'cam-obs' });
    await h.until((s) => s.matches({ checkingDevices: 'reviewing' }));
    expect(view(h, 'checkingDevices')).toMatchObject({ offerCameras: true, cameraId: 'cam-obs', canContinue: true });
    // Another camera does not cure a refused permission: nothing is offered.
    h.media.openError = ErrorCode.CAMERA_PERMISSION_DENIED;
    await h.send({ type: 'user.recheck' });
    await h.until((s) => s.matches({ checkingDevices: 'reviewing' }));
    expect(view(h, 'checkingDevices').offerCameras).toBe(false);
  });

  it('the camera chosen at 设备准备 is the one 设备确认 opens and reports', async () => {
    const h = await start();
    await h.send({ type: 'user.selectCamera', deviceId: 'cam-usb' });
    await h.until((s) => s.matches({ checkingDevices: 'reviewing' }));
    await reachEntry(h);
    await reachDeviceConfirmation(h);
    expect(view(h, 'confirmingDevices')).toMatchObject({ cameraId: 'cam-usb', virtualCamera: false });
    await h.send({ type: 'user.continue' });
    expectState(h, 'confirmingInfo');
    expect(h.backend.calls.filter((c) => c.method === 'confirm').map((c) => c.args[0])).toEqual([{ kind: 'devices', cameraLabel: 'USB Camera' }]);
  });

  it('设备确认 with the virtual camera waits for the supervisor’s waiver, then goes on by itself', async () => {
    const h = await start();
    await reachEntry(h);
    await reachDeviceConfirmation(h);
    expect(view(h, 'confirmingDevices')).toMatchObject({ cameraId: 'cam-obs', virtualCamera: true, phase: 'ready', canContinue: true });

    await h.send({ type: 'user.continue' });
    expectState(h, { confirmingDevices: { ready: 'awaitingWaiver' } });
    expect(view(h, 'confirmingDevices')).toMatchObject({ phase: 'awaitingWaiver', error: ErrorCode.VIRTUAL_CAMERA });
    expect(h.backend.progressOf(CANDIDATE.id).devicesConfirmedAt).toBeNull();
    // The supervisors learn which camera was refused, once however often 「下一步」 is pressed while waiting.
    await h.until(() => h.backend.incidentsOf(CANDIDATE.id).some((i) => i.kind === 'virtualCamera'));
    await h.send({ type: 'user.continue' });
    expectState(h, { confirmingDevices: { ready: 'awaitingWaiver' } });
    await h.settle();
    expect(h.backend.incidentsOf(CANDIDATE.id).filter((i) => i.kind === 'virtualCamera').map((i) => i.detail)).toEqual(['OBS Virtual Camera']);

    h.backend.waiveVirtualCamera(CANDIDATE.id);
    await h.until((s) => s.matches('confirmingInfo'));
    expect(h.backend.progressOf(CANDIDATE.id).devicesConfirmedAt).not.toBeNull();
    expect(h.view()).toMatchObject({ stage: 'confirmingInfo' });
  });

  it('choosing a real camera while waiting lets the candidate go on without a waiver', async () => {
    const h = await start();
    await reachEntry(h);
    await reachDeviceConfirmation(h);
    await h.send({ type: 'user.continue' });
    expectState(h, { confirmingDevices: { ready: 'awaitingWaiver' } });

    await h.send({ type: 'user.selectCamera', deviceId: 'cam-usb' });
    expectState(h, { confirmingDevices: { ready: 'idle' } });
    expect(view(h, 'confirmingDevices')).toMatchObject({ virtualCamera: false, error: null });
    await h.send({ type: 'user.continue' });
    expectState(h, 'confirmingInfo');
  });

  it('a waiver given before 设备确认 lets the virtual camera through at once', async () => {
    const h = await start();
    await reachEntry(h);
    h.backend.waiveVirtualCamera(CANDIDATE.id);
    await enterAndConfirm(h);
    expect(h.backend.progressOf(CANDIDATE.id)).toMatchObject({ devicesConfirmedAt: expect.any(Number), infoConfirmedAt: expect.any(Number) });
  });
});
