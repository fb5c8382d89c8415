/**
 * View models of the help conversation (求助) beside the grid, for tests and stories: the sitting's view with the
 * conversation open in each of its states.
 */
import type { ConversationView, HelpMessage, SittingView } from '@examroom/core';
import { FIXTURE_NOW, FIXTURE_ROWS, gridView } from './sitting.fixtures';

const ASKING = FIXTURE_ROWS[4]!;
const MESSAGES: readonly HelpMessage[] = [
  { id: 'h1', from: 'candidate', text: '老师，我的摄像头没有画面，怎么办？', at: FIXTURE_NOW - 90_000 },
  { id: 'h2', from: 'supervisor', text: '您好，监督员已收到，请稍等。', at: FIXTURE_NOW - 60_000 },
  { id: 'h3', from: 'candidate', text: '刷新后可以了，谢谢！', at: FIXTURE_NOW - 10_000 },
];

const open = {
  stage: 'conversation',
  phase: 'open',
  candidate: { ...ASKING, unreadHelp: 0 },
  candidateId: ASKING.candidateId,
  messages: MESSAGES,
  draft: '',
  quickReplies: null,
  error: null,
} satisfies ConversationView;

/** The grid with this conversation open beside it (the candidate's unread badge cleared). */
const beside = (conversation: ConversationView): SittingView =>
  gridView(FIXTURE_ROWS.map((row) => (row.candidateId === ASKING.candidateId ? { ...row, unreadHelp: 0 } : row)), { conversation });

export const conversationViews = {
  loading: beside({ ...open, phase: 'loading', messages: [] }),
  open: beside(open),
  empty: beside({ ...open, messages: [] }),
  sending: beside({ ...open, phase: 'sending', draft: '请刷新页面后重试。' }),
  sendFailed: beside({ ...open, draft: '请刷新页面后重试。', error: 'NETWORK_ERROR' }),
  ownQuickReplies: beside({ ...open, quickReplies: ['请稍等，马上处理。', '问题已解决，请继续面试。'] }),
  failed: beside({ ...open, phase: 'failed', messages: [], error: 'NETWORK_ERROR' }),
} satisfies Record<string, SittingView>;
