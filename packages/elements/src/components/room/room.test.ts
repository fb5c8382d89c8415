import { describe, expect, it } from 'vitest';
import { createFakePorts } from '@examroom/core/testing';
import '../../../dist/components/exam-room.js';
import { mount, part, rendered, shadow } from '../../testing/mount.test-kit';
import type { ExamStageChangeDetail } from './room-interface';

const NOW = Date.UTC(2026, 10, 28, 1, 0);

/** Resolves once `check` passes, re-checking after each render (the machine's fake ports answer asynchronously). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (check()) return;
    await rendered();
  }
  throw new Error(`timed out waiting for ${what}`);
}

const stageOf = (room: HTMLElement) => shadow(room).querySelector('[data-stage]');

async function startedRoom(lang?: string) {
  const fakes = createFakePorts({ now: NOW });
  const stageChanges: string[] = [];
  const room = document.createElement('exam-room');
  room.addEventListener('examStageChange', (event) => stageChanges.push((event as CustomEvent<ExamStageChangeDetail>).detail.stage));
  Object.assign(room, { adapters: fakes.ports, deviceKey: 'dev_test_key_0001', examId: 'exam-1' });
  if (lang) room.setAttribute('lang', lang);
  document.body.append(room);
  await until(() => (stageOf(room) as (Element & { view?: { running?: boolean } }) | null)?.view?.running === false, 'the device check to finish');
  return { room, fakes, stageChanges };
}

describe('exam-room', () => {
  it('says what is wrong, in the page language, when it has no exam-id', async () => {
    const room = await mount('exam-room', { apiBase: '' });
    expect(part(room, '[role="alert"]').textContent).toBe('未找到该考试，请确认访问地址是否正确。');
    room.setAttribute('lang', 'en');
    await rendered();
    expect(part(room, '[role="alert"]').textContent).toMatch(/exam/i);
  });

  it('renders the stepper and the stage component of the machine\'s current stage with its view model', async () => {
    const { room, stageChanges } = await startedRoom();
    const stage = stageOf(room) as Element & { view: { stage: string; canContinue: boolean } };
    expect(stage.localName).toBe('exam-checking-devices');
    expect(stage.getAttribute('data-stage')).toBe('checkingDevices');
    expect(stage.view.canContinue).toBe(true);
    const stepper = part(room, 'exam-stepper') as HTMLElement & { items: { step: string; status: string }[] };
    expect(stepper.items.find((item) => item.status === 'current')?.step).toBe('checkingDevices');
    expect(stageChanges).toEqual(['checkingDevices']);
  });

  it('passes a stage\'s user command to the machine and announces the stage change to the host page', async () => {
    const { room, stageChanges } = await startedRoom('en');
    stageOf(room)!.dispatchEvent(new CustomEvent('examCommand', { detail: { type: 'user.continue' }, bubbles: true, composed: true }));
    await until(() => stageOf(room)?.localName === 'exam-login', 'the login stage');
    expect(stageChanges).toEqual(['checkingDevices', 'login']);
    expect(stageOf(room)!.getAttribute('lang')).toBe('en');
  });

  it('ignores commands that are not user.* (a page cannot fake the server or the clock through the views)', async () => {
    const { room, stageChanges } = await startedRoom();
    const forged = (detail: unknown) => stageOf(room)!.dispatchEvent(new CustomEvent('examCommand', { detail, bubbles: true, composed: true }));
    forged({ type: 'api.sessionRevoked', reason: 'SESSION_REVOKED' });
    forged({ type: 'clock.deadlineReached' });
    forged(null);
    await rendered();
    expect(stageOf(room)?.localName).toBe('exam-checking-devices');
    expect(stageChanges).toEqual(['checkingDevices']);
  });

  it('stops the machine when removed from the page and starts afresh when attached again', async () => {
    const { room, stageChanges } = await startedRoom();
    room.remove();
    await rendered();
    document.body.append(room);
    await until(() => stageChanges.length === 2, 'a fresh start');
    expect(stageChanges).toEqual(['checkingDevices', 'checkingDevices']);
  });
});
