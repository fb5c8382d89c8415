/**
 * A notice to every candidate of the open sitting (R27), e.g. "the start is delayed by 5 minutes": stored in each
 * candidate's 求助 chat and pushed to their page. The console says how many candidates got it; a notice that failed
 * stays in the field with the error, so that nothing typed is lost.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { NoticeSent } from '../../ports/proctor-api.port.js';
import { actorOutput, proctorSetup, sessionGone } from '../proctor.setup.js';
import { proctorPhaseOf, type ProctorSnapshot } from '../proctor.view.js';

const send = { guard: 'isNoticeText', target: 'sending', actions: 'assignNoticeDraft' } as const;

export const notice = proctorSetup.createStateConfig({
  initial: 'idle',
  states: {
    idle: { on: { 'user.sendNotice': send } },
    sending: {
      tags: 'notice:sending',
      invoke: {
        src: 'sendNotice',
        input: ({ context }) => ({ sittingId: context.sittingId ?? '', text: context.noticeDraft.trim() }),
        onDone: { target: 'sent', actions: { type: 'assignNoticeSent', params: actorOutput } },
        onError: [sessionGone, { target: 'failed', actions: 'assignNoticeError' }],
      },
    },
    sent: { tags: 'notice:sent', on: { 'user.sendNotice': send } },
    failed: { tags: 'notice:failed', on: { 'user.sendNotice': send } },
  },
});

export interface NoticeView {
  readonly stage: 'notice';
  readonly phase: 'idle' | 'sending' | 'sent' | 'failed';
  /** The notice being sent, or the one that failed. */
  readonly draft: string;
  /** The last notice sent, with how many candidates got it. */
  readonly sent: NoticeSent | null;
  readonly error: ErrorCode | null;
}

export function selectNoticeView(snapshot: ProctorSnapshot): NoticeView {
  const { context } = snapshot;
  return {
    stage: 'notice',
    phase: proctorPhaseOf(snapshot, 'notice', ['sending', 'sent', 'failed'] as const) ?? 'idle',
    draft: context.noticeDraft,
    sent: context.noticeSent,
    error: context.noticeError,
  };
}
