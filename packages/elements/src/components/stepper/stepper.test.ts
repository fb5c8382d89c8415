import { STEPS, type StepperItem } from '@examroom/core';
import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-stepper.js';
import { mount, part, shadow, update } from '../../testing/mount.test-kit';

/** Every stage, the one at `currentIndex` current, the ones before it done. */
function itemsAt(currentIndex: number): StepperItem[] {
  return STEPS.map((step, i) => ({ step, status: i < currentIndex ? 'done' : i === currentIndex ? 'current' : 'upcoming' }));
}

const rows = (stepper: HTMLElement) => [...shadow(stepper).querySelectorAll('li')];

describe('exam-stepper', () => {
  it('lists every stage in order with its status as text in zh-CN', async () => {
    const stepper = await mount('exam-stepper', { items: itemsAt(4) });
    expect(part(stepper, 'nav').getAttribute('aria-label')).toBe('面试环节');
    expect(part(stepper, '[part="container"]').localName).toBe('ol');
    expect(rows(stepper).map((li) => li.querySelector('[part="label"]')?.textContent)).toEqual([
      '设备准备', '人脸登录', '阅读面试流程', '佐证绑定', '抽签', '进入考试',
      '设备确认', '信息确认', '阅读承诺书和须知', '开始答题', '结束考试',
    ]);
    const statuses = rows(stepper).map((li) => li.querySelector('.status')?.textContent);
    expect(statuses.slice(0, 4)).toEqual(Array(4).fill('已完成'));
    expect(statuses[4]).toBe('进行中');
    expect(statuses.slice(5)).toEqual(Array(6).fill('未开始'));
  });

  it('marks only the current stage with aria-current="step", following the items', async () => {
    const stepper = await mount('exam-stepper', { items: itemsAt(0) });
    const current = () => rows(stepper).filter((li) => li.getAttribute('aria-current') === 'step');
    expect(current().map((li) => li.querySelector('[part="label"]')?.textContent)).toEqual(['设备准备']);
    await update(stepper, { items: itemsAt(9) });
    expect(current().map((li) => li.querySelector('[part="label"]')?.textContent)).toEqual(['开始答题']);
    expect(rows(stepper)[8]?.querySelector('[part="indicator"]')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('speaks English with lang="en"', async () => {
    const stepper = await mount('exam-stepper', { items: itemsAt(1), lang: 'en' });
    expect(part(stepper, 'nav').getAttribute('aria-label')).toBe('Interview stages');
    const first = rows(stepper).slice(0, 3).map((li) => [li.querySelector('[part="label"]')?.textContent, li.querySelector('.status')?.textContent]);
    expect(first).toEqual([
      ['Device preparation', 'Done'],
      [expect.any(String), 'In progress'],
      [expect.any(String), 'Not started'],
    ]);
  });
});
