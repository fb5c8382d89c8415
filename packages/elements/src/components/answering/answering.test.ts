import { describe, expect, it } from 'vitest';
import type { AnsweringView } from '@examroom/core';
import '../../../dist/components/exam-answering.js';
import { commandsOf, mount, nextEvent, part, rendered, shadow, update } from '../../testing/mount.test-kit';
import { answeringNow, answeringQuestions, answeringViews } from './answering.fixtures';

type Answering = HTMLExamAnsweringElement;

async function mountAnswering(view: AnsweringView, lang?: string): Promise<Answering> {
  const stage = await mount('exam-answering', { view, now: answeringNow });
  if (lang) {
    stage.setAttribute('lang', lang);
    await rendered();
  }
  return stage;
}

const all = (stage: Answering, selector: string) => [...shadow(stage).querySelectorAll<HTMLElement>(selector)];
const alerts = (stage: Answering) => all(stage, '[role="alert"]').map((el) => el.textContent ?? '');
const button = (stage: Answering, selector: string) => part<HTMLButtonElement>(stage, selector);
const dialog = (stage: Answering) => part<HTMLDialogElement>(stage, 'dialog');
const banner = (stage: Answering) => part(stage, '[part="banner"]');

describe('exam-answering', () => {
  it('shows the three questions numbered 第n题 in order with the guide\'s answer hint', async () => {
    const shuffled = { ...answeringViews.shown, questions: { ...answeringViews.shown.questions, items: [...answeringQuestions].reverse() } };
    const stage = await mountAnswering(shuffled);
    expect(part(stage, '.heading').textContent).toBe('开始答题');
    expect(all(stage, '.question .number').map((el) => el.textContent)).toEqual(['第1题', '第2题', '第3题']);
    expect(all(stage, '.question .text').map((el) => el.textContent)).toEqual(answeringQuestions.map((q) => q.text));
    expect(part(stage, '.questions .hint').textContent).toBe('请用普通话按照题序逐一作答，回答完所有题目后，请说「试题回答完毕」。');
    expect(alerts(stage)).toEqual([]);
  });

  it('shows the loading status while the questions load', async () => {
    const stage = await mountAnswering(answeringViews.loadingQuestions);
    expect(part(stage, '.questions [role="status"]').textContent).toBe('正在加载题目…');
    expect(all(stage, '.question')).toEqual([]);
  });

  it('explains failed questions once and sends user.refreshQuestions from 「刷新题目」', async () => {
    const stage = await mountAnswering(answeringViews.questionsFailed);
    const commands = commandsOf(stage);
    expect(alerts(stage)).toEqual(['题目没有加载出来，请点击「刷新题目」。刷新题目']);
    const refresh = button(stage, 'button.refresh');
    expect(refresh.textContent).toBe('刷新题目');
    expect(refresh.disabled).toBe(false);
    refresh.click();
    expect(commands).toEqual([{ type: 'user.refreshQuestions' }]);
    await update(stage, { view: { ...answeringViews.questionsFailed, questions: { phase: 'failed', items: [], canRefresh: false } } });
    expect(button(stage, 'button.refresh').disabled).toBe(true);
  });

  it('shows the live video, the volume, the recording state as text, the candidate and the countdown', async () => {
    const stage = await mountAnswering(answeringViews.shown);
    expect((part(stage, 'exam-volume-meter') as HTMLExamVolumeMeterElement).level).toBe(0.42);
    expect((part(stage, 'exam-video-preview') as HTMLExamVideoPreviewElement).label).toBe('实时视频');
    expect(part(stage, '.recording').textContent).toBe('录制中');
    expect(part(stage, '.recording').getAttribute('role')).toBe('status');
    expect(part(stage, '.info .name').textContent).toBe('张三');
    expect(part(stage, '.info .id-number').textContent).toBe('1101**********0011');
    expect(part(stage, '.info .admission-number').textContent).toBe('20261128010012');
    expect(part(stage, '.info .lot').textContent).toBe('7');
    expect(all(stage, '.info dt').map((el) => el.textContent)).toEqual(['姓名', '身份证号', '准考证号', '抽签号']);
    // 30 min from the start, now 8 min 25 s in.
    expect((part(stage, 'exam-timer') as HTMLExamTimerElement).remainingMs).toBe(21 * 60_000 + 35_000);
    expect(part(part(stage, 'exam-timer'), 'time').textContent).toBe('21:35');
  });

  it('counts the countdown from the server time it is given and never below zero', async () => {
    const stage = await mountAnswering(answeringViews.lastMinute);
    expect(part(part(stage, 'exam-timer'), 'time').textContent).toBe('00:45');
    await update(stage, { now: answeringViews.lastMinute.deadline + 5_000 });
    expect((part(stage, 'exam-timer') as HTMLExamTimerElement).remainingMs).toBe(0);
  });

  it('speaks English with lang="en"', async () => {
    const stage = await mountAnswering(answeringViews.shown, 'en');
    expect(part(stage, '.heading').textContent).toBe('Start answering');
    expect(all(stage, '.question .number').map((el) => el.textContent)).toEqual(['Question 1', 'Question 2', 'Question 3']);
    expect(part(stage, '.recording').textContent).toBe('Recording');
    expect(button(stage, 'button.end').textContent).toBe('End exam');
    expect(button(stage, 'button.help').textContent).toBe('Help');
    expect(all(stage, '.info dt').map((el) => el.textContent)).toEqual(['Name', 'ID number', 'Admission number', 'Lot number']);
  });

  it('tells the candidate to keep answering while offline, in a visible status banner', async () => {
    const stage = await mountAnswering(answeringViews.shown);
    expect(banner(stage).getAttribute('role')).toBe('status');
    expect(banner(stage).textContent).toBe('');
    await update(stage, { view: answeringViews.offline });
    expect(banner(stage).textContent).toBe('网络已断开。请继续答题，录像保存在本机，网络恢复后会自动上传。');
    expect(banner(stage).classList.contains('offline')).toBe(true);
    // Everything else stays usable.
    expect(all(stage, '.question')).toHaveLength(3);
    expect(button(stage, 'button.end').disabled).toBe(false);
    expect(button(stage, 'button.help').disabled).toBe(false);
    await update(stage, { view: answeringViews.shown });
    expect(banner(stage).textContent).toBe('网络已恢复，录像正在上传。');
  });

  it('asks to share the screen again when the screen is lost, and disables the button while resharing', async () => {
    const stage = await mountAnswering(answeringViews.screenLost);
    const commands = commandsOf(stage);
    expect(alerts(stage)[0]).toContain('屏幕共享已停止。请重新共享整个屏幕，否则无法完成录屏。');
    expect(part(stage, '.recording').textContent).toBe('录制中断');
    const reshare = button(stage, 'button.reshare');
    expect(reshare.textContent).toBe('重新共享屏幕');
    reshare.click();
    expect(commands).toEqual([{ type: 'user.shareScreen' }]);
    await update(stage, { view: answeringViews.resharing });
    expect(button(stage, 'button.reshare').disabled).toBe(true);
    expect(alerts(stage)[0]).toContain('请在弹出的窗口中选择共享「整个屏幕」…');
  });

  it('shows why a new screen share was refused', async () => {
    const stage = await mountAnswering(answeringViews.screenNotMonitor);
    expect(alerts(stage)).toContain('请选择共享「整个屏幕」，而不是某个窗口或标签页。');
  });

  it('asks to reopen the camera when it is lost, and disables the button while reopening', async () => {
    const stage = await mountAnswering(answeringViews.cameraLost);
    const commands = commandsOf(stage);
    expect(alerts(stage)[0]).toContain('摄像头已断开，请检查设备后重新打开。');
    expect(part(stage, '.recording').textContent).toBe('录制中断');
    button(stage, 'button.reopen').click();
    expect(commands).toEqual([{ type: 'user.reopenCamera' }]);
    await update(stage, { view: answeringViews.reopeningCamera });
    expect(button(stage, 'button.reopen').disabled).toBe(true);
    expect(shadow(stage).querySelector('button.reshare')).toBeNull();
  });

  it('says that the phone was replaced while the new phone does not record yet', async () => {
    const stage = await mountAnswering(answeringViews.shown);
    expect(shadow(stage).querySelector('.phone-replaced')).toBeNull();
    await update(stage, { view: answeringViews.phoneReplaced });
    const notice = part(stage, '[part="phone"] .phone-replaced');
    expect(notice.getAttribute('role')).toBe('status');
    expect(notice.textContent).toBe('手机已更换，请用新手机继续录制。');
    expect(part(stage, '.phone-state').textContent).toBe('已连接');
  });

  it('shows the phone in the side panel: 录制中 · 已上传 x MB', async () => {
    const stage = await mountAnswering(answeringViews.shown);
    expect(part(stage, '[part="phone"] #phone-heading').textContent).toBe('手机佐证视频');
    expect(part(stage, '.phone-state').textContent).toBe('录制中 · 已上传 96.0 MB');
    // Only the state is announced, not the size that grows every few seconds.
    expect(part(stage, '.phone-state [role="status"]').textContent).toBe('录制中');
    expect(alerts(stage)).toEqual([]);
    const en = await mountAnswering(answeringViews.shown, 'en');
    expect(part(en, '.phone-state').textContent).toBe('Recording · 96.0 MB uploaded');
  });

  it('says 手机无响应 once the phone has been silent over a minute by the server time, with what to do', async () => {
    const stage = await mountAnswering(answeringViews.phoneSilent);
    expect(alerts(stage)).toEqual([
      '手机无响应请检查手机：佐证页面是否仍然打开、网络是否正常。如页面已关闭，请在手机上重新打开绑定链接；仍无法恢复时，请点击「重新绑定手机」并用手机扫码。',
    ]);
    // 59 s after the phone's last request it is not silent yet.
    await update(stage, { now: answeringViews.phoneSilent.phone.silentFrom! - 1_000 });
    expect(alerts(stage)).toEqual([]);
  });

  it('says 手机已停止录制 when the phone stopped before the end, with what to do', async () => {
    const stage = await mountAnswering(answeringViews.phoneStopped);
    expect(part(stage, '.phone-state').textContent).toBe('已停止录制');
    expect(part(stage, '.phone-stopped .title').textContent).toBe('手机已停止录制');
    expect(part(stage, '.phone-stopped').textContent).toContain('请点击「重新绑定手机」');
  });

  it('sends user.rebindPhone from 「重新绑定手机」 and shows the fresh code in a modal box, focus on 「关闭」', async () => {
    const stage = await mountAnswering(answeringViews.phoneSilent);
    const commands = commandsOf(stage);
    button(stage, 'button.rebind').click();
    expect(commands).toEqual([{ type: 'user.rebindPhone' }]);
    await update(stage, { view: answeringViews.rebindingCreating });
    const box = part<HTMLDialogElement>(stage, '[part="rebind-dialog"]');
    expect(box.open).toBe(true);
    expect(part(stage, '.rebind-dialog .generating').textContent).toBe('正在生成二维码…');
    expect(button(stage, 'button.refresh-pairing').disabled).toBe(true);
    expect(shadow(stage).activeElement).toBe(button(stage, 'button.close-rebinding'));
    await update(stage, { view: answeringViews.rebindingShown });
    expect(part<HTMLElement & { value: string }>(stage, '.rebind-dialog exam-qr').value).toBe('https://exam.example.edu/phone#code=W4HN7RKP');
    expect(part(stage, '.rebind-dialog .link-code').textContent).toBe('绑定码：W4HN-7RKP');
    expect(part(stage, '.rebind-dialog .rebind-status .state').textContent).toBe('录制中');
    button(stage, 'button.refresh-pairing').click();
    button(stage, 'button.close-rebinding').click();
    expect(commands.slice(1)).toEqual([{ type: 'user.refreshPairing' }, { type: 'user.closeRebinding' }]);
    await update(stage, { view: answeringViews.phoneSilent });
    expect(box.open).toBe(false);
    expect(shadow(stage).activeElement).toBe(button(stage, 'button.rebind'));
  });

  it('shows why the code could not be made inside the box only', async () => {
    const stage = await mountAnswering(answeringViews.rebindingFailed);
    expect(alerts(stage)).toHaveLength(1);
    expect(part(stage, '.rebind-dialog [role="alert"]').textContent).toBe(alerts(stage)[0]);
  });

  it('shows upload errors such as low storage', async () => {
    const stage = await mountAnswering(answeringViews.storageLow);
    expect(alerts(stage)).toEqual(['本机存储空间不足，录像可能无法完整保存。请关闭其他程序或清理磁盘空间，不要关闭本页面。']);
  });

  it('shows other errors in an alert', async () => {
    const stage = await mountAnswering({ ...answeringViews.shown, error: 'NETWORK_ERROR' });
    expect(alerts(stage)).toEqual(['网络异常，请检查网络后重试。']);
  });

  it('opens 求助 with user.openHelp and shows the unread count on the button', async () => {
    const stage = await mountAnswering(answeringViews.unreadHelp);
    const commands = commandsOf(stage);
    const help = button(stage, 'button.help');
    expect(help.textContent).toBe('求助22条新消息');
    expect(part(stage, '.badge [aria-hidden="true"]').textContent).toBe('2');
    expect(help.getAttribute('aria-expanded')).toBe('false');
    help.click();
    expect(commands).toEqual([{ type: 'user.openHelp' }]);
    await update(stage, { view: answeringViews.shown });
    expect(shadow(stage).querySelector('.badge')).toBeNull();
    expect(part(stage, 'exam-help-chat').hidden).toBe(true);
  });

  it('shows the help chat with the conversation while open; 「求助」 then closes it', async () => {
    const stage = await mountAnswering(answeringViews.helpOpen);
    const commands = commandsOf(stage);
    const chat = part<HTMLExamHelpChatElement>(stage, 'exam-help-chat');
    expect(chat.messages).toBe(answeringViews.helpOpen.help.messages);
    expect(chat.timeZone).toBe('Asia/Shanghai');
    expect(chat.sending).toBe(false);
    expect(button(stage, 'button.help').getAttribute('aria-expanded')).toBe('true');
    expect(button(stage, 'button.help').getAttribute('aria-controls')).toBe(chat.id);
    button(stage, 'button.help').click();
    expect(commands).toEqual([{ type: 'user.closeHelp' }]);
  });

  it('passes sending and the unsent text to the chat, and help errors show in the chat only', async () => {
    const sending = await mountAnswering(answeringViews.helpSending);
    const chat = part<HTMLExamHelpChatElement>(sending, 'exam-help-chat');
    expect(chat.sending).toBe(true);
    expect(chat.unsent).toBe('麦克风音量条一直很低，请问需要调整吗？');
    expect(part<HTMLTextAreaElement>(chat, 'textarea').value).toBe('麦克风音量条一直很低，请问需要调整吗？');

    await update(sending, { view: answeringViews.helpFailed });
    expect(chat.error).toBe('HELP_MESSAGE_FAILED');
    expect(alerts(sending)).toEqual([]);
    expect(part(chat, '[role="alert"]').textContent).toBe('消息发送失败，请检查网络后重新发送。');
  });

  it('moves focus into the chat when it opens and back to 「求助」 when it closes', async () => {
    const stage = await mountAnswering(answeringViews.shown);
    const chat = part<HTMLExamHelpChatElement>(stage, 'exam-help-chat');
    // Focus moves once the chat inside has rendered the new view (the stage's componentDidRender waits for it).
    let focusMoved = nextEvent(stage, 'focusin');
    await update(stage, { view: answeringViews.helpOpen });
    await focusMoved;
    expect(chat.hidden).toBe(false);
    expect(shadow(stage).activeElement).toBe(chat);
    expect(shadow(chat).activeElement).toBe(part(chat, 'textarea'));
    focusMoved = nextEvent(stage, 'focusin');
    await update(stage, { view: answeringViews.shown });
    await focusMoved;
    expect(chat.hidden).toBe(true);
    expect(shadow(stage).activeElement).toBe(button(stage, 'button.help'));
  });

  it('keeps a half-written help message when the chat is closed and opened again', async () => {
    const stage = await mountAnswering(answeringViews.helpOpen);
    const box = part<HTMLTextAreaElement>(part(stage, 'exam-help-chat'), 'textarea');
    box.value = '画面有点卡';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    await update(stage, { view: answeringViews.shown });
    await update(stage, { view: answeringViews.helpOpen });
    expect(part<HTMLTextAreaElement>(part(stage, 'exam-help-chat'), 'textarea').value).toBe('画面有点卡');
  });

  it('sends user.endExam from 「结束考试」', async () => {
    const stage = await mountAnswering(answeringViews.shown);
    const commands = commandsOf(stage);
    const end = button(stage, 'button.end');
    expect(end.textContent).toBe('结束考试');
    end.click();
    expect(commands).toEqual([{ type: 'user.endExam' }]);
    expect(dialog(stage).open).toBe(false);
  });

  it('confirms the end in a modal alertdialog with focus on 「取消」', async () => {
    const stage = await mountAnswering(answeringViews.confirmingEnd);
    const commands = commandsOf(stage);
    const box = dialog(stage);
    expect(box.open).toBe(true);
    expect(box.getAttribute('role')).toBe('alertdialog');
    expect(box.getAttribute('aria-modal')).toBe('true');
    expect(part(stage, `#${box.getAttribute('aria-labelledby')}`).textContent).toBe('结束考试');
    expect(part(stage, `#${box.getAttribute('aria-describedby')}`).textContent).toBe('确定要结束考试吗？结束后将无法继续作答。');
    const cancel = button(stage, 'dialog button.cancel');
    expect(shadow(stage).activeElement).toBe(cancel);
    expect(cancel.textContent).toBe('取消');
    const confirm = button(stage, 'dialog button.confirm-end');
    expect(confirm.textContent).toBe('确认');
    confirm.click();
    cancel.click();
    expect(commands).toEqual([{ type: 'user.confirmEnd' }, { type: 'user.cancelEnd' }]);
  });

  it('cancels with Escape, closes the box and returns focus to 「结束考试」', async () => {
    const stage = await mountAnswering(answeringViews.shown);
    const commands = commandsOf(stage);
    let focusMoved = nextEvent(stage, 'focusin');
    await update(stage, { view: answeringViews.confirmingEnd });
    await focusMoved;
    expect(dialog(stage).open).toBe(true);
    dialog(stage).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    expect(commands).toEqual([{ type: 'user.cancelEnd' }]);
    // The box stays until the machine leaves `confirming`.
    expect(dialog(stage).open).toBe(true);
    focusMoved = nextEvent(stage, 'focusin');
    await update(stage, { view: answeringViews.shown });
    await focusMoved;
    expect(dialog(stage).open).toBe(false);
    expect(shadow(stage).activeElement).toBe(button(stage, 'button.end'));
  });

  it('moves focus to its heading on setFocus()', async () => {
    const stage = await mountAnswering(answeringViews.shown);
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
  });
});
