import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-login.js';
import { buttonNamed, commandsOf, mount, part, shadow, update } from '../../testing/mount.test-kit';
import { loginNow, loginOpensAt, loginViews } from './login.fixtures';

const buttonTexts = (stage: HTMLElement) => [...shadow(stage).querySelectorAll('[part="content"] button')].map((b) => b.textContent);

function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('exam-login', () => {
  it('shows the single-device rule (不得多屏登录) in every phase', async () => {
    for (const view of [loginViews.loading, loginViews.notOpen, loginViews.faceReady, loginViews.password, loginViews.refused]) {
      const stage = await mount('exam-login', { view, now: loginNow });
      expect(part(stage, '.single-device').textContent).toBe('不得多屏登录：同一考生只能在一台设备上登录。');
      stage.remove();
    }
  });

  it('says politely that it is loading', async () => {
    const stage = await mount('exam-login', { view: loginViews.loading });
    expect(part(stage, '.heading').textContent).toBe('人脸登录');
    expect(part(stage, '[part="content"] [role="status"]').textContent).toBe('正在加载…');
  });

  it('shows a failed load as an alert with 「重试」 sending user.retry', async () => {
    const stage = await mount('exam-login', { view: loginViews.loadFailed });
    expect(part(stage, '[role="alert"]').textContent).toBe('网络异常，请检查网络后重试。');
    const commands = commandsOf(stage);
    buttonNamed(stage, '重试').click();
    expect(commands).toEqual([{ type: 'user.retry' }]);
  });

  it('before login opens, says when in the exam\'s time zone (not the browser\'s) and how long, with a timer to opensAt − now', async () => {
    // The test "browser" runs in UTC (vitest.config.ts); opensAt is 01:30 UTC, 09:30 on Beijing time.
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('UTC');
    const stage = await mount('exam-login', { view: loginViews.notOpen, now: loginNow });
    expect(part(stage, '.not-open').textContent).toBe('登录将于 2026年2月28日 09:30 开放（开考前30分钟），还有 12分30秒。');
    const timer = part<HTMLElement & { remainingMs: number; label?: string }>(stage, 'exam-timer');
    expect(timer.remainingMs).toBe(12 * 60_000 + 30_000);
    expect(timer.label).toBe('距离登录开放还有');
    await update(stage, { now: loginOpensAt - 3_600_000 - 5_000 });
    expect(part(stage, '.not-open').textContent).toContain('还有 1小时0分5秒');
    expect(timer.remainingMs).toBe(3_605_000);
  });

  it('says when login opens in English too, in the exam\'s time zone', async () => {
    const stage = await mount('exam-login', { view: loginViews.notOpen, now: loginNow, lang: 'en' });
    expect(part(stage, '.not-open').textContent).toMatch(/^Login opens at February 28, 2026(,| at) 9:30\sAM \(30 minutes before the exam starts\), in 12 min 30 s\.$/);
    await update(stage, { view: { ...loginViews.notOpen, timeZone: 'Europe/Berlin' } });
    expect(part(stage, '.not-open').textContent).toMatch(/February 28, 2026(,| at) 2:30\sAM/);
  });

  it('shows the camera preview, the guide\'s face rules and the challenge, and sends user.captureFace with the 身份证号', async () => {
    const stage = await mount('exam-login', { view: loginViews.faceReady });
    expect(part(stage, 'exam-video-preview')).toBeTruthy();
    const guide = [...shadow(stage).querySelectorAll('.guide li')].map((li) => li.textContent);
    expect(guide).toEqual([
      '摄像头前只能有您本人，画面中只有一张人脸。',
      '请正对摄像头，面部位于画面中央的椭圆框内。',
      '不得遮挡面部、耳部，不得戴口罩。',
      '请保持光线充足，避免逆光。',
      '不得使用滤镜、美颜等功能，妆容不宜夸张。',
    ]);
    expect(part(stage, '.challenge').textContent).toBe('点击「开始人脸识别」后，请先正对摄像头，再缓慢向左转头。');
    expect(part(stage, 'label[for="face-id-number"]').textContent).toBe('身份证号');
    expect(buttonTexts(stage)).toEqual(['开始人脸识别', '普通登录']);
    const commands = commandsOf(stage);
    type(part<HTMLInputElement>(stage, '#face-id-number'), ' 110101200001010011 ');
    buttonNamed(stage, '开始人脸识别').click();
    buttonNamed(stage, '普通登录').click();
    expect(commands).toEqual([{ type: 'user.captureFace', idNumber: '110101200001010011' }, { type: 'user.usePassword' }]);
    expect(shadow(stage).querySelector('.hint')).toBeNull();
  });

  it('outlines the faces the detector sees over the preview, with the oval guide, and says how many', async () => {
    const stream = new MediaStream();
    const stage = await mount('exam-login', { view: { ...loginViews.faceReady, face: { ...loginViews.faceReady.face, preview: stream } } });
    expect(shadow(stage).querySelector('[part="outline"] ellipse.oval')).toBeTruthy();
    const box = part(stage, '[part="outline"] rect.face-one');
    expect([box.getAttribute('x'), box.getAttribute('y'), box.getAttribute('width'), box.getAttribute('height')].map(Number)).toEqual([36, 15, 28, 30]);
    expect(part(stage, '.faces-seen').textContent).toBe('已检测到人脸');
    await update(stage, { view: { ...loginViews.faceReadySeveralFaces, face: { ...loginViews.faceReadySeveralFaces.face, preview: stream } } });
    expect(shadow(stage).querySelectorAll('[part="outline"] rect.face-several')).toHaveLength(2);
    expect(part(stage, '.faces-seen').textContent).toBe('画面中有多张人脸');
    await update(stage, { view: { ...loginViews.faceReadyNoFace, face: { ...loginViews.faceReadyNoFace.face, preview: stream } } });
    expect(shadow(stage).querySelectorAll('[part="outline"] rect')).toHaveLength(0);
    expect(part(stage, '.faces-seen').textContent).toBe('未检测到人脸');
    // Without a detector: the oval alone, and no claim about faces.
    await update(stage, { view: { ...loginViews.faceReadyBlinkNoDetector, face: { ...loginViews.faceReadyBlinkNoDetector.face, preview: stream } } });
    expect(shadow(stage).querySelector('[part="outline"] ellipse.oval')).toBeTruthy();
    expect(shadow(stage).querySelector('.faces-seen')).toBeNull();
    expect(part(stage, '.challenge').textContent).toBe('点击「开始人脸识别」后，请正对摄像头并自然眨眼两次。');
  });

  it('while the frames are taken, shows the action as an alert and keeps the 身份证号 read-only', async () => {
    const stage = await mount('exam-login', { view: loginViews.faceRecording, lang: 'en' });
    expect(part(stage, '.challenge.now').textContent).toBe('Slowly turn your head to your left');
    expect(part<HTMLInputElement>(stage, '#face-id-number').readOnly).toBe(true);
    expect(buttonNamed(stage, 'Start face recognition').disabled).toBe(true);
  });

  it('says how many attempts are left before 普通登录, and the server\'s refusals in the candidate\'s words', async () => {
    const stage = await mount('exam-login', { view: loginViews.faceNotLive });
    expect(part(stage, '.attempts').textContent).toBe('还可尝试 1 次，之后将转为「普通登录」。');
    expect(part(stage, '[role="alert"]').textContent).toContain('未检测到要求的动作');
    await update(stage, { view: loginViews.faceSeveralFaces });
    expect(part(stage, '[role="alert"]').textContent).toContain('画面中有多张人脸');
    await update(stage, { view: loginViews.faceChallengeExpired });
    expect(part(stage, '[role="alert"]').textContent).toContain('动作提示已过期');
    expect(shadow(stage).querySelector('.attempts')).toBeNull();
    await update(stage, { view: loginViews.faceStarting });
    expect(part(stage, '[part="content"] [role="status"]').textContent).toBe('人脸登录正在启动，将自动重试…');
  });

  it('offers no way back to 人脸登录 when the exam\'s policy turns it off', async () => {
    const stage = await mount('exam-login', { view: loginViews.passwordOnly });
    expect(buttonTexts(stage)).toEqual(['登录']);
    await update(stage, { view: loginViews.passwordAfterFace });
    expect(buttonTexts(stage)).toEqual(['登录', '人脸登录']);
    expect(part(stage, '[role="alert"]').textContent).toContain('没有您可用于人脸登录的照片');
  });

  it('disables 开始人脸识别 while the camera opens and while verifying, saying so', async () => {
    const stage = await mount('exam-login', { view: loginViews.faceOpening });
    expect(buttonNamed(stage, '开始人脸识别').disabled).toBe(true);
    expect(part(stage, '[part="content"] [role="status"]').textContent).toBe('正在打开摄像头…');
    await update(stage, { view: loginViews.faceVerifying });
    expect(buttonNamed(stage, '开始人脸识别').disabled).toBe(true);
    expect(part(stage, '[part="content"] [role="status"]').textContent).toBe('正在识别…');
    expect(buttonNamed(stage, '普通登录').disabled).toBe(false);
  });

  it('after a failed face attempt shows the error, 「重试」 and the hint to use 普通登录', async () => {
    const stage = await mount('exam-login', { view: loginViews.faceFailed });
    expect(part(stage, '[role="alert"]').textContent).toContain('人脸识别未通过');
    expect(part(stage, '.hint').textContent).toBe('人脸登录失败时，可联系技术服务人员获取账号密码，使用「普通登录」。');
    expect(buttonTexts(stage)).toEqual(['重试', '普通登录']);
    const commands = commandsOf(stage);
    buttonNamed(stage, '重试').click();
    expect(commands).toEqual([{ type: 'user.retry' }]);
    await update(stage, { view: { ...loginViews.faceFailed, face: { ...loginViews.faceFailed.face, canRetry: false } } });
    expect(buttonNamed(stage, '重试').disabled).toBe(true);
  });

  it('shows the hint when face login is unavailable, even before any attempt', async () => {
    const stage = await mount('exam-login', { view: loginViews.faceUnavailable });
    expect(part(stage, '[role="alert"]').textContent).toContain('人脸登录暂不可用');
    expect(part(stage, '.hint')).toBeTruthy();
  });

  it('普通登录: labelled 身份证号 and 密码 with autocomplete, sending the trimmed id and the password', async () => {
    const stage = await mount('exam-login', { view: loginViews.password });
    expect(part(stage, '.heading').textContent).toBe('普通登录');
    const id = part<HTMLInputElement>(stage, '#id-number');
    const password = part<HTMLInputElement>(stage, '#password');
    expect(part(stage, 'label[for="id-number"]').textContent).toBe('身份证号');
    expect(part(stage, 'label[for="password"]').textContent).toBe('密码');
    expect(id.getAttribute('autocomplete')).toBe('username');
    expect(password.getAttribute('autocomplete')).toBe('current-password');
    expect(password.type).toBe('password');
    const commands = commandsOf(stage);
    type(id, '  110101200001010011 ');
    type(password, ' s3cret ');
    part<HTMLFormElement>(stage, 'form').requestSubmit();
    expect(commands).toEqual([{ type: 'user.submitPassword', idNumber: '110101200001010011', password: ' s3cret ' }]);
  });

  it('keeps what was typed across re-renders and disables 登录 while submitting', async () => {
    const stage = await mount('exam-login', { view: loginViews.password });
    type(part<HTMLInputElement>(stage, '#id-number'), '110101200001010011');
    type(part<HTMLInputElement>(stage, '#password'), 'pw');
    await update(stage, { view: loginViews.passwordSubmitting });
    expect(buttonNamed(stage, '登录').disabled).toBe(true);
    expect(part(stage, '[part="content"] [role="status"]').textContent).toBe('正在登录…');
    const commands = commandsOf(stage);
    part<HTMLFormElement>(stage, 'form').requestSubmit();
    expect(commands).toEqual([]);
    await update(stage, { view: loginViews.passwordRejected });
    expect(part<HTMLInputElement>(stage, '#id-number').value).toBe('110101200001010011');
    expect(part<HTMLInputElement>(stage, '#password').value).toBe('pw');
    expect(buttonNamed(stage, '登录').disabled).toBe(false);
    expect(part(stage, '[role="alert"]').textContent).toBe('身份证号或密码不正确。');
    expect(part(stage, '#password').getAttribute('aria-invalid')).toBe('true');
  });

  it('switches back to face login with 「人脸登录」', async () => {
    const stage = await mount('exam-login', { view: loginViews.password });
    const commands = commandsOf(stage);
    buttonNamed(stage, '人脸登录').click();
    expect(commands).toEqual([{ type: 'user.useFace' }]);
  });

  it('refused on a second device: the guide\'s reason and 「重试」', async () => {
    const stage = await mount('exam-login', { view: loginViews.refused });
    expect(part(stage, '[role="alert"]').textContent).toBe('该考生已在其他设备上登录。不得多屏登录，请关闭其他设备上的面试页面后重试。');
    const commands = commandsOf(stage);
    buttonNamed(stage, '重试').click();
    expect(commands).toEqual([{ type: 'user.retry' }]);
  });

  it('speaks English with lang="en" and moves focus to its heading on setFocus()', async () => {
    const stage = await mount('exam-login', { view: loginViews.password, lang: 'en' });
    expect(part(stage, '.heading').textContent).toBe('Password login');
    expect(part(stage, 'label[for="id-number"]').textContent).toBe('ID number');
    expect(buttonTexts(stage)).toEqual(['Log in', 'Face login']);
    await update(stage, { view: loginViews.notOpen, now: loginNow });
    expect(part(stage, '.not-open').textContent).toContain('in 12 min 30 s');
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
  });
});
