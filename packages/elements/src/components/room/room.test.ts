import { describe, expect, it } from 'vitest';
import { createFakePorts } from '@examroom/core/testing';
import '../../../dist/components/exam-room.js';
// The stages these tests reach, so that they render (the shell names its stages at run time, it does not import them).
import '../../../dist/components/exam-checking-devices.js';
import '../../../dist/components/exam-login.js';
import { mount, nextEvent, part, rendered, renderedUntil, shadow } from '../../testing/mount.test-kit';
import type { ExamStageChangeDetail } from './room-interface';
import { setExamMessages } from '../../utils/i18n';

const NOW = Date.UTC(2026, 10, 28, 1, 0);

const stageOf = (room: HTMLElement) => shadow(room).querySelector('[data-stage]');

async function startedRoom(lang?: string) {
  const fakes = createFakePorts({ now: NOW });
  const stageChanges: string[] = [];
  const room = document.createElement('exam-room');
  room.addEventListener('examStageChange', (event) => stageChanges.push((event as CustomEvent<ExamStageChangeDetail>).detail.stage));
  Object.assign(room, { adapters: fakes.ports, deviceKey: 'dev_test_key_0001', examId: 'exam-1' });
  if (lang) room.setAttribute('lang', lang);
  const started = nextEvent(room, 'examStageChange');
  document.body.append(room);
  await started;
  // The device check runs on the fake devices: wait for the render that shows it finished.
  await renderedUntil(() => (stageOf(room) as (Element & { view?: { running?: boolean } }) | null)?.view?.running === false);
  return { room, fakes, stageChanges };
}

describe('exam-room', () => {
  it('shows the institution’s own words (its `messages` by key) in its stages, and the rest as they are', async () => {
    const fakes = createFakePorts({ now: NOW });
    const room = document.createElement('exam-room');
    Object.assign(room, { adapters: fakes.ports, deviceKey: 'dev_test_key_0002', examId: 'exam-1', messages: { 'checkingDevices.title': '电脑设备检测' } });
    document.body.append(room);
    try {
      await renderedUntil(() => stageOf(room)?.shadowRoot?.querySelector('h2')?.textContent === '电脑设备检测');
      // The words not overridden stay: the stepper still names the stage 设备准备.
      expect(shadow(room).querySelector('exam-stepper')?.shadowRoot?.textContent).toContain('设备准备');
    } finally {
      room.remove();
      setExamMessages('zh-CN', {});
    }
  });

  it('starts with the properties a framework sets after connecting it (React’s wrapper does), not without them', async () => {
    const fakes = createFakePorts({ now: NOW });
    const room = document.createElement('exam-room');
    const started = nextEvent<ExamStageChangeDetail>(room, 'examStageChange');
    document.body.append(room);
    Object.assign(room, { adapters: fakes.ports, deviceKey: 'dev_test_key_0003', examId: 'exam-1' });
    try {
      expect((await started).detail.stage).toBe('checkingDevices');
      await rendered();
      expect(shadow(room).querySelector('[role="alert"]')).toBeNull();
    } finally {
      room.remove();
    }
  });

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
    const changed = nextEvent<ExamStageChangeDetail>(room, 'examStageChange');
    stageOf(room)!.dispatchEvent(new CustomEvent('examCommand', { detail: { type: 'user.continue' }, bubbles: true, composed: true }));
    expect((await changed).detail.stage).toBe('login');
    await rendered();
    expect(stageOf(room)?.localName).toBe('exam-login');
    expect(stageChanges).toEqual(['checkingDevices', 'login']);
    expect(stageOf(room)!.getAttribute('lang')).toBe('en');
  });

  it('moves focus to the new stage\'s heading on a stage change, and leaves it with the page for the first stage', async () => {
    const { room } = await startedRoom();
    expect(shadow(stageOf(room) as HTMLElement).activeElement).toBeNull();
    const focused = nextEvent(room, 'focusin');
    stageOf(room)!.dispatchEvent(new CustomEvent('examCommand', { detail: { type: 'user.continue' }, bubbles: true, composed: true }));
    await focused;
    const login = stageOf(room) as HTMLElement;
    expect(login.localName).toBe('exam-login');
    expect(shadow(login).activeElement).toBe(part(login, '.heading'));
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
    const restarted = nextEvent(room, 'examStageChange');
    document.body.append(room);
    await restarted;
    expect(stageChanges).toEqual(['checkingDevices', 'checkingDevices']);
  });
});
