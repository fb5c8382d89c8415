/**
 * One candidate's 求助 conversation, open beside the grid: its history, read when opened (which marks it read), the
 * candidate's new messages as they are pushed, and the supervisor's reply, typed or taken from the quick replies they
 * can edit. A reply that fails stays in the field with the error; nothing typed is lost.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { HelpMessage } from '../../ports/exam-api.port.js';
import type { CandidateRow } from '../grid.js';
import { actorOutput, proctorSetup, sessionGone } from '../proctor.setup.js';
import { proctorPhaseOf, type ProctorSnapshot } from '../proctor.view.js';

export const conversation = proctorSetup.createStateConfig({
  initial: 'closed',
  on: {
    // Not reentering: the open conversation's state is left and entered again all the same, and the candidate's panel
    // beside it, in a sibling region, opens on the same event (a reentering transition's domain would span both).
    'user.openConversation': { target: '.loading', actions: 'assignConversationId' },
    'user.closeConversation': { target: '.closed', actions: 'closeConversation' },
    'api.helpMessage': { guard: 'isOpenConversation', actions: ['appendPushedMessage', 'keepSeenHelp'] },
  },
  states: {
    closed: {},
    loading: {
      tags: 'conversation:loading',
      invoke: {
        src: 'getCandidateHelp',
        input: ({ context }) => ({ candidateId: context.conversationId ?? '' }),
        onDone: { target: 'open', actions: [{ type: 'assignMessages', params: actorOutput }, 'keepSeenHelp'] },
        onError: [sessionGone, { target: 'failed', actions: 'assignConversationError' }],
      },
    },
    failed: {
      tags: 'conversation:failed',
      on: { 'user.retry': 'loading' },
    },
    open: {
      tags: 'conversation:open',
      on: { 'user.reply': { guard: 'isReplyText', target: 'sending', actions: 'assignDraft' } },
    },
    sending: {
      tags: 'conversation:sending',
      invoke: {
        src: 'replyHelp',
        input: ({ context }) => ({ candidateId: context.conversationId ?? '', text: context.draft.trim() }),
        onDone: { target: 'open', actions: [{ type: 'assignSentReply', params: actorOutput }, 'keepSeenHelp'] },
        onError: [sessionGone, { target: 'open', actions: 'assignConversationError' }],
      },
    },
  },
});

export interface ConversationView {
  readonly stage: 'conversation';
  readonly phase: 'loading' | 'open' | 'sending' | 'failed';
  /** The candidate's row (name, 准考证号, stage, online); null if they are not in the grid (yet). */
  readonly candidate: CandidateRow | null;
  readonly candidateId: string;
  /** Oldest first. */
  readonly messages: readonly HelpMessage[];
  /** The reply being sent, or the one that failed. */
  readonly draft: string;
  /** The supervisor's own quick replies, or null for the console's defaults. */
  readonly quickReplies: readonly string[] | null;
  readonly error: ErrorCode | null;
}

export function selectConversationView(snapshot: ProctorSnapshot, candidate: CandidateRow | null): ConversationView | null {
  const { context } = snapshot;
  if (context.conversationId === null) return null;
  return {
    stage: 'conversation',
    phase: proctorPhaseOf(snapshot, 'conversation', ['loading', 'open', 'sending', 'failed'] as const) ?? 'loading',
    candidate,
    candidateId: context.conversationId,
    messages: context.messages,
    draft: context.draft,
    quickReplies: context.quickReplies,
    error: context.conversationError,
  };
}
