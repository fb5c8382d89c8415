import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-help-chat.js';
import { commandsOf, mount, part, rendered, shadow, update } from '../../testing/mount.test-kit';
import { helpChatViews, helpConversation } from './help-chat.fixtures';

type Chat = HTMLExamHelpChatElement;

async function mountChat(view: (typeof helpChatViews)[keyof typeof helpChatViews], lang?: string): Promise<Chat> {
  const props: Partial<Chat> = { messages: view.messages, sending: view.sending, unsent: view.unsent, error: view.error };
  const chat = await mount('exam-help-chat', props);
  if (lang) {
    chat.setAttribute('lang', lang);
    await rendered();
  }
  return chat;
}

const textarea = (chat: Chat) => part<HTMLTextAreaElement>(chat, 'textarea');
const sendButton = (chat: Chat) => part<HTMLButtonElement>(chat, 'button.send');
const closeButton = (chat: Chat) => part<HTMLButtonElement>(chat, 'button.close');

async function type(chat: Chat, text: string): Promise<void> {
  const box = textarea(chat);
  box.value = text;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  await rendered();
}

describe('exam-help-chat', () => {
  it('is a labelled, described panel titled 求助 with the guide\'s words', async () => {
    const chat = await mountChat(helpChatViews.empty);
    const panel = part(chat, '[role="dialog"]');
    expect(part(chat, `#${panel.getAttribute('aria-labelledby')}`).textContent).toBe('求助');
    expect(part(chat, `#${panel.getAttribute('aria-describedby')}`).textContent).toBe('遇到系统问题时，可在此通过文字与监督员沟通。');
    expect(sendButton(chat).textContent).toBe('发送');
    expect(closeButton(chat).textContent).toBe('关闭');
    const label = part<HTMLLabelElement>(chat, 'label');
    expect(label.htmlFor).toBe(textarea(chat).id);
    expect(label.textContent).toBe('发送给监督员的文字');
  });

  it('shows the empty state in a polite log', async () => {
    const chat = await mountChat(helpChatViews.empty);
    const log = part(chat, '[role="log"]');
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(log.textContent).toBe('暂无消息');
  });

  it('shows who wrote each message and when, in order', async () => {
    const chat = await mountChat(helpChatViews.conversation);
    const items = [...shadow(chat).querySelectorAll('[role="log"] li.message')];
    expect(items.map((li) => li.querySelector('.who')?.textContent)).toEqual(['我', '监督员', '我']);
    expect(items.map((li) => li.querySelector('.text')?.textContent)).toEqual(helpConversation.map((m) => m.text));
    const first = items[0]?.querySelector('time');
    expect(first?.getAttribute('datetime')).toBe('2026-11-28T01:06:12.000Z');
    // The clock time of the server instant in the exam's time zone (Beijing), not the test "browser"'s UTC.
    expect(first?.textContent).toBe('09:06');
    expect(shadow(chat).textContent).not.toContain('暂无消息');
  });

  it('shows the times in the exam\'s time zone it is given', async () => {
    const chat = await mountChat(helpChatViews.conversation);
    await update(chat, { timeZone: 'Europe/London' });
    expect(shadow(chat).querySelector('[role="log"] li.message time')?.textContent).toBe('01:06');
  });

  it('speaks English with lang="en"', async () => {
    const chat = await mountChat(helpChatViews.conversation, 'en');
    expect(part(chat, '.title').textContent).toBe('Help');
    expect(part(chat, '.message .who').textContent).toBe('You');
    expect(part(chat, '.message.supervisor .who').textContent).toBe('Supervisor');
    expect(sendButton(chat).textContent).toBe('Send');
    expect(closeButton(chat).textContent).toBe('Close');
  });

  it('sends the trimmed text and never blank text', async () => {
    const chat = await mountChat(helpChatViews.conversation);
    const commands = commandsOf(chat);
    expect(sendButton(chat).disabled).toBe(true);
    await type(chat, '   \n ');
    expect(sendButton(chat).disabled).toBe(true);
    part<HTMLFormElement>(chat, 'form').dispatchEvent(new Event('submit', { cancelable: true }));
    expect(commands).toEqual([]);
    await type(chat, '  摄像头画面是黑的  ');
    expect(sendButton(chat).disabled).toBe(false);
    sendButton(chat).click();
    expect(commands).toEqual([{ type: 'user.sendHelp', text: '摄像头画面是黑的' }]);
  });

  it('sends with Ctrl+Enter from the box', async () => {
    const chat = await mountChat(helpChatViews.empty);
    const commands = commandsOf(chat);
    await type(chat, '听不到声音');
    textarea(chat).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, composed: true, cancelable: true }));
    expect(commands).toEqual([{ type: 'user.sendHelp', text: '听不到声音' }]);
  });

  it('keeps the text in the box while sending and clears it once the server acknowledged it', async () => {
    const chat = await mountChat(helpChatViews.empty);
    await type(chat, '麦克风音量条一直很低，请问需要调整吗？');
    await update(chat, { sending: true, unsent: '麦克风音量条一直很低，请问需要调整吗？' });
    expect(textarea(chat).value).toBe('麦克风音量条一直很低，请问需要调整吗？');
    expect(textarea(chat).readOnly).toBe(true);
    expect(sendButton(chat).disabled).toBe(true);
    expect(part(chat, '[role="status"]').textContent).toBe('正在发送…');

    const acknowledged = { id: 'h9', from: 'candidate' as const, text: '麦克风音量条一直很低，请问需要调整吗？', at: Date.UTC(2026, 10, 28, 1, 9) };
    await update(chat, { sending: false, unsent: null, messages: [acknowledged] });
    expect(textarea(chat).value).toBe('');
    expect(textarea(chat).readOnly).toBe(false);
    expect(part(chat, '[role="status"]').textContent).toBe('');
  });

  it('keeps the text after a failed send and shows why', async () => {
    const chat = await mountChat(helpChatViews.empty);
    await type(chat, '请问还能继续答题吗？');
    await update(chat, { sending: true, unsent: '请问还能继续答题吗？' });
    await update(chat, { sending: false, error: 'HELP_MESSAGE_FAILED' });
    expect(textarea(chat).value).toBe('请问还能继续答题吗？');
    expect(part(chat, '[role="alert"]').textContent).toBe('消息发送失败，请检查网络后重新发送。');
    expect(textarea(chat).getAttribute('aria-invalid')).toBe('true');
    expect(sendButton(chat).disabled).toBe(false);
  });

  it('prefills the box with text the server has not acknowledged (nothing typed is lost)', async () => {
    const chat = await mountChat(helpChatViews.failed);
    expect(textarea(chat).value).toBe('麦克风音量条一直很低，请问需要调整吗？');
    expect(part(chat, '[role="alert"]').textContent).toBe('消息发送失败，请检查网络后重新发送。');
  });

  it('clears the box when its message appears in the log', async () => {
    const chat = await mountChat(helpChatViews.empty);
    await type(chat, '好的');
    await update(chat, { messages: [{ id: 'h5', from: 'supervisor', text: '好的', at: Date.UTC(2026, 10, 28, 1, 9) }] });
    expect(textarea(chat).value).toBe('好的');
    await update(chat, { messages: [...chat.messages, { id: 'h6', from: 'candidate', text: '好的', at: Date.UTC(2026, 10, 28, 1, 10) }] });
    expect(textarea(chat).value).toBe('');
  });

  it('closes with 「关闭」 and with Escape', async () => {
    const chat = await mountChat(helpChatViews.conversation);
    const commands = commandsOf(chat);
    closeButton(chat).click();
    textarea(chat).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
    expect(commands).toEqual([{ type: 'user.closeHelp' }, { type: 'user.closeHelp' }]);
  });

  it('does not take focus when it is mounted hidden (a closed panel kept in the page)', async () => {
    const outside = document.createElement('button');
    document.body.append(outside);
    outside.focus();
    const chat = await mount('exam-help-chat', { hidden: true, messages: helpConversation });
    expect(document.activeElement).toBe(outside);
    expect(shadow(chat).activeElement).toBeNull();
  });

  it('moves focus to the box when it appears and on setFocus()', async () => {
    const chat = await mountChat(helpChatViews.conversation);
    expect(shadow(chat).activeElement).toBe(textarea(chat));
    closeButton(chat).focus();
    await chat.setFocus();
    expect(shadow(chat).activeElement).toBe(textarea(chat));
  });
});
