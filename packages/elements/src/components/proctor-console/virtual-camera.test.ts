/** R7 in the supervisor's console: the candidate panel's warning of a virtual or filter camera, and 豁免. */
import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-proctor-console.js';
import { commandsOf, mount, part, shadow } from '../../testing/mount.test-kit';
import { candidateViews } from './candidate.fixtures';

describe('exam-proctor-console: a virtual or filter camera (R7)', () => {
  it('shows the refused camera with 豁免, which needs a reason and sends user.act', async () => {
    const page = await mount('exam-proctor-console', { view: candidateViews.virtualCamera });
    expect(part(page, '.virtual-camera p').textContent).toBe('该考生在设备确认时使用了虚拟摄像头或滤镜摄像头（OBS Virtual Camera），系统已阻止其继续。请核实后让考生更换摄像头，或豁免。');
    expect(part(page, 'label[for="waive-reason"]').textContent).toBe('豁免原因（必填）');
    const reason = part<HTMLInputElement>(page, '#waive-reason');
    expect(reason.required).toBe(true);
    const commands = commandsOf(page, 'proctorCommand');
    reason.value = '考生只有这一个摄像头';
    part<HTMLFormElement>(page, '.waive-form').requestSubmit(part<HTMLButtonElement>(page, '.waive-virtual-camera'));
    expect(commands).toEqual([{ type: 'user.act', action: { kind: 'virtualCameraWaiver', reason: '考生只有这一个摄像头' } }]);
  });

  it('once waived, says so without the form and lists the waiver among the interventions', async () => {
    const page = await mount('exam-proctor-console', { view: candidateViews.virtualCameraWaived });
    expect(part(page, '.virtual-camera.waived p').textContent).toBe('虚拟摄像头（OBS Virtual Camera）已豁免，考生可以继续。');
    expect(shadow(page).querySelector('.waive-form')).toBeNull();
    expect(part(page, '.interventions li[data-kind="virtualCameraWaiver"]').textContent).toContain('豁免虚拟摄像头 考生只有这一个摄像头，已核实未开滤镜');
  });

  it('shows nothing of it for a candidate without one, and speaks English with lang="en"', async () => {
    const none = await mount('exam-proctor-console', { view: candidateViews.shown });
    expect(shadow(none).querySelector('.virtual-camera')).toBeNull();
    const english = await mount('exam-proctor-console', { view: candidateViews.virtualCamera, lang: 'en' });
    expect(part(english, '.waive-virtual-camera').textContent).toBe('Waive');
    expect(part(english, '.virtual-camera p').textContent).toContain('virtual or filter camera (OBS Virtual Camera)');
  });
});
