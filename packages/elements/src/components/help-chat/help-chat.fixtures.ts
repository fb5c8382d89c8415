/** States of the 求助 panel for tests and stories, one per state it can show. */
import type { HelpMessage } from '@examroom/core';
import type { HelpChatView } from './help-chat';

const at = (minute: number, second = 0) => Date.UTC(2026, 10, 28, 1, minute, second);

/** A short, realistic exchange during the interview. */
export const helpConversation: readonly HelpMessage[] = [
  { id: 'h1', from: 'candidate', text: '老师您好，我的屏幕共享刚才断开了，重新共享后还会继续录制吗？', at: at(6, 12) },
  { id: 'h2', from: 'supervisor', text: '你好，重新共享整个屏幕后会继续录制，之前的录像不会丢失，请继续答题。', at: at(7, 3) },
  { id: 'h3', from: 'candidate', text: '好的，谢谢老师。', at: at(7, 40) },
];

export const helpChatViews = {
  empty: { messages: [], sending: false, unsent: null, error: null },
  conversation: { messages: helpConversation, sending: false, unsent: null, error: null },
  sending: { messages: helpConversation, sending: true, unsent: '麦克风音量条一直很低，请问需要调整吗？', error: null },
  failed: { messages: helpConversation, sending: false, unsent: '麦克风音量条一直很低，请问需要调整吗？', error: 'HELP_MESSAGE_FAILED' },
} satisfies Record<string, HelpChatView>;
