/** View models of the notice to the whole sitting (发送通知) above the grid, in each of its states. */
import type { NoticeView, SittingView } from '@examroom/core';
import { FIXTURE_NOW, FIXTURE_ROWS, gridView } from './sitting.fixtures';

const TEXT = '开始时间推迟 5 分钟，请耐心等待。';
const idle = { stage: 'notice', phase: 'idle', draft: '', sent: null, error: null } satisfies NoticeView;
const withNotice = (notice: NoticeView): SittingView => gridView(FIXTURE_ROWS, { notice });

export const noticeViews = {
  sending: withNotice({ ...idle, phase: 'sending', draft: TEXT }),
  sent: withNotice({ ...idle, phase: 'sent', sent: { id: 'n1', text: TEXT, at: FIXTURE_NOW, candidates: 30 } }),
  failed: withNotice({ ...idle, phase: 'failed', draft: TEXT, error: 'NETWORK_ERROR' }),
} satisfies Record<string, SittingView>;
