/**
 * 不得多屏登录 within one browser (R6): a second window or tab of the same browser is refused while the first has the
 * exam, touches nothing of the first one's, and may take over once the first lets go. Two machines on one backend,
 * one kept session, one chunk store, one upload server and one window lock play two tabs of one browser.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { KeptSession } from '../testing/memory-exam-backend.js';
import { createFakeWindowLock, type FakeWindowLock } from '../testing/fake-window-lock.js';
import type { WindowLock } from '../ports/window-lock.port.js';
import { windowLockKey } from './actors/window-lock.js';
import { HEARTBEAT_MS } from './actors/session.js';
import { CANDIDATE, T0, expectState, reachAnswering, startExam, type Harness } from './exam.test-kit.js';

const KEY = windowLockKey('exam-demo');
const bytes = (...values: number[]) => new Uint8Array(values);

/** A browser: the things every tab of it shares. */
function browser() {
  return { clock: createFakeClock(T0), session: { token: null } as KeptSession, windowLock: createFakeWindowLock() };
}

/** Another tab of the browser `first` runs in, opened now. */
function anotherTab(first: Harness, shared: { clock: ReturnType<typeof createFakeClock>; session: KeptSession; windowLock: FakeWindowLock }) {
  return startExam({ ...shared, backend: first.backend, store: first.store, transport: first.transport });
}

describe('one window per exam in this browser (R6)', () => {
  it('refuses a second tab while the first answers: nothing read, recorded, uploaded or sent from it, the first goes on untouched', async () => {
    const shared = browser();
    const first = await startExam(shared);
    await reachAnswering(first);
    const [screen, camera] = first.recorder.started;
    screen!.emit(bytes(1, 2, 3));
    await first.stored('screen', 3);
    const callsBefore = first.backend.calls.length;
    const storedBefore = await first.store.listRecordings();

    const second = await anotherTab(first, shared);
    expectState(second, { barred: { otherWindow: 'open' } });
    expect(second.view()).toEqual({ stage: 'barred', reason: ErrorCode.OPEN_IN_ANOTHER_WINDOW, phase: 'otherWindowOpen', canContinueHere: false });
    expect(second.emitted).toEqual([
      { type: 'stageChanged', stage: 'checkingDevices' },
      { type: 'stageChanged', stage: 'barred' },
    ]);
    // Heartbeats of the second tab would keep the session (or, from a login, end the first tab's): none went out,
    // nor anything else, for as long as it stays refused.
    await second.advance(3 * HEARTBEAT_MS);
    expect(first.backend.calls.slice(callsBefore).map((c) => c.method).filter((m) => m !== 'heartbeat' && m !== 'getEvidenceStatus')).toEqual([]);
    expect(first.backend.calls.slice(callsBefore).filter((c) => c.method === 'heartbeat')).toHaveLength(3);
    expect(second.recorder.started).toEqual([]);
    expect(second.media.opened).toEqual([]);
    expect(second.screen.shares).toEqual([]);
    // The first tab's parts are its own: not closed, abandoned or uploaded from the second.
    expect((await first.store.listRecordings()).map((r) => r.stopped)).toEqual(storedBefore.map(() => false));
    expect(second.view()).toMatchObject({ phase: 'otherWindowOpen' });

    // The first tab records and uploads on.
    camera!.emit(bytes(4, 5));
    screen!.emit(bytes(6));
    await first.stored('camera', 2);
    await first.stored('screen', 4);
    const screenId = first.backend.recordingsOf(CANDIDATE.id).find((r) => r.kind === 'screen')!.id;
    await first.acknowledged(screenId, 4);
    expect(first.stage()).toBe('answering');
    expect(shared.windowLock.isHeld(KEY)).toBe(true);
  });

  it('lets the second tab take over with 「在此窗口继续」 once the first is closed: it comes back as a reload does (继续面试)', async () => {
    const shared = browser();
    const first = await startExam(shared);
    await reachAnswering(first);
    const second = await anotherTab(first, shared);
    expectState(second, { barred: { otherWindow: 'open' } });
    expect(shared.windowLock.watchers(KEY)).toBe(1);

    first.actor.stop();
    await second.settle();
    expect(second.view()).toEqual({ stage: 'barred', reason: ErrorCode.OPEN_IN_ANOTHER_WINDOW, phase: 'otherWindowClosed', canContinueHere: true });
    expect(shared.windowLock.isHeld(KEY)).toBe(false);
    expect(shared.windowLock.watchers(KEY)).toBe(0);

    await second.send({ type: 'user.continueHere' });
    expect(shared.windowLock.isHeld(KEY)).toBe(true);
    expectState(second, { resuming: 'ready' });
    expect(second.actor.getSnapshot().context.barredReason).toBeNull();
    expect(second.emitted.filter((e) => e.type === 'stageChanged').map((e) => e.stage)).toEqual(['checkingDevices', 'barred', 'checkingDevices']);
    // Nobody logged in again: the kept session is the first tab's.
    expect(first.backend.calls.filter((c) => c.method === 'loginWithPassword')).toHaveLength(1);

    await second.send({ type: 'user.shareScreen' });
    expect(second.stage()).toBe('answering');
    expect(second.emitted.filter((e) => e.type === 'stageChanged').at(-1)).toEqual({ type: 'stageChanged', stage: 'answering' });
    await second.recordingStarted('screen');
    await second.recordingStarted('camera');
  });

  it('refuses a second tab before login too, so that its login cannot end the first tab’s session', async () => {
    const shared = browser();
    const first = await startExam(shared);
    const calls = first.backend.calls.length;
    const second = await anotherTab(first, shared);
    expectState(second, { barred: { otherWindow: 'open' } });
    expectState(first, { checkingDevices: 'reviewing' });
    expect(first.backend.calls.slice(calls)).toEqual([]);
  });

  it('stays refused when another tab takes the exam first after the first one closed', async () => {
    const shared = browser();
    const first = await startExam(shared);
    const second = await anotherTab(first, shared);
    first.actor.stop();
    await second.settle();
    expect(second.view()).toMatchObject({ phase: 'otherWindowClosed', canContinueHere: true });

    const third = shared.windowLock.holdElsewhere(KEY);
    await second.send({ type: 'user.continueHere' });
    expect(second.view()).toMatchObject({ phase: 'otherWindowOpen', canContinueHere: false });
    third();
    await second.settle();
    await second.send({ type: 'user.continueHere' });
    expectState(second, { checkingDevices: 'reviewing' });
  });

  it('lets go of the lock at 上传成功, so that another tab may show it too', async () => {
    const shared = browser();
    const first = await startExam(shared);
    await reachAnswering(first);
    await first.send({ type: 'user.endExam' });
    await first.send({ type: 'user.confirmEnd' });
    await first.until((s) => s.matches('finished'));
    expect(shared.windowLock.isHeld(KEY)).toBe(false);

    const second = await anotherTab(first, shared);
    await second.until((s) => s.matches('finished'));
  });

  it('a reload of the only tab takes the lock the unloaded page let go of, and resumes', async () => {
    const shared = browser();
    const first = await startExam(shared);
    await reachAnswering(first);
    first.actor.stop();
    const again = await anotherTab(first, shared);
    expectState(again, { resuming: 'ready' });
    expect(shared.windowLock.isHeld(KEY)).toBe(true);
  });

  it('goes on without the lock when the browser cannot answer for it: a broken lock keeps no candidate out', async () => {
    const broken: WindowLock = {
      acquire: () => Promise.reject(new Error('lock manager gone')),
      whenFree: () => ({ subscribe: () => ({ unsubscribe() {} }) }),
    };
    const h = await startExam({ prepare: (fakes) => Object.assign(fakes.ports, { windowLock: broken }) });
    expectState(h, { checkingDevices: 'reviewing' });
  });

  it('keys the lock by exam: a tab of another exam is not refused', async () => {
    const shared = browser();
    const first = await startExam(shared);
    const other = await startExam({ ...shared, examId: 'exam-other' });
    expectState(first, { checkingDevices: 'reviewing' });
    expect(other.stage()).not.toBe('barred');
    expect(shared.windowLock.isHeld(windowLockKey('exam-other'))).toBe(true);
  });
});
