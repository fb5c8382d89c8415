/**
 * The open candidate's panel, beside their conversation: the supervisor's interventions, each enforced and recorded
 * by the server with who and when — extra answer time (延长时间), ending the interview with a reason after a
 * confirmation (结束面试), letting a barred late candidate in with a reason (允许迟到入场, offered only before they
 * entered), 豁免 of a virtual or filter camera the server refused at the candidate's 设备确认 (R7, a reason) — the
 * interventions so far, and the verdict (通过 / 存疑 / 违规) with a comment and its history. A refusal
 * (CANDIDATE_FINISHED, NOT_ENTERED, ALREADY_ENTERED, EXAM_OVER…) is shown in the panel and changes nothing.
 */
import { and } from 'xstate';
import type { ErrorCode } from '../../errors/error-codes.js';
import type { Intervention, VerdictState, VirtualCameraStatus } from '../../ports/proctor-api.port.js';
import type { CandidateRow } from '../grid.js';
import { actorOutput, proctorSetup, sessionGone } from '../proctor.setup.js';
import type { CandidateAction } from '../proctor.types.js';
import { proctorPhaseOf, type ProctorSnapshot } from '../proctor.view.js';

const readRecord = (target: string) => ({
  src: 'loadCandidateRecord' as const,
  input: ({ context }: { context: { conversationId: string | null } }) => ({ candidateId: context.conversationId ?? '' }),
  onDone: { target, actions: { type: 'assignCandidateRecord' as const, params: actorOutput } },
});

/** What the supervisor may do while the panel shows the record (also while it is read again in the background). */
const act = {
  'user.act': [
    { guard: and(['isActionAllowed', 'needsConfirmation']), target: 'confirming', actions: 'assignAction' },
    { guard: 'isActionAllowed', target: 'acting', actions: 'assignAction' },
  ],
} as const;

export const candidate = proctorSetup.createStateConfig({
  initial: 'closed',
  on: {
    'user.openConversation': { target: '.loading', actions: 'clearCandidateRecord' },
    'user.closeConversation': { target: '.closed', actions: 'clearCandidateRecord' },
  },
  states: {
    closed: {},
    loading: {
      tags: 'candidate:loading',
      invoke: { ...readRecord('shown'), onError: [sessionGone, { target: 'failed', actions: 'assignActionError' }] },
    },
    failed: {
      tags: 'candidate:failed',
      on: { 'user.retry': { target: 'loading', actions: 'clearCandidateRecord' } },
    },
    shown: {
      tags: 'candidate:shown',
      on: { ...act, 'api.candidateStatus': { guard: 'isPanelOutdated', target: 'refreshing' } },
    },
    // Another supervisor acted on this candidate: the panel stays on screen while it is read again; a failed read
    // keeps it as it was (the next push tries again).
    refreshing: {
      tags: 'candidate:shown',
      invoke: { ...readRecord('shown'), onError: [sessionGone, { target: 'shown' }] },
      on: act,
    },
    // 结束面试 cannot be undone: the supervisor confirms it (with the reason shown) before it is sent.
    confirming: {
      tags: 'candidate:confirming',
      on: { 'user.confirm': 'acting', 'user.cancel': { target: 'shown', actions: 'clearAction' } },
    },
    acting: {
      tags: 'candidate:acting',
      invoke: {
        src: 'actOnCandidate',
        // `acting` is entered only after assignAction; were the action ever missing, 0 minutes is one the server
        // refuses (a 400 shown in the panel), never an intervention it records.
        input: ({ context }) => ({ candidateId: context.conversationId ?? '', action: context.action ?? { kind: 'extraTime', minutes: 0 } }),
        onDone: { target: 'shown', actions: { type: 'assignActionDone', params: actorOutput } },
        onError: [sessionGone, { target: 'shown', actions: ['assignActionError', 'clearAction'] }],
      },
    },
  },
});

export interface CandidatePanelView {
  readonly stage: 'candidate';
  readonly phase: 'loading' | 'shown' | 'confirming' | 'acting' | 'failed';
  readonly candidateId: string;
  /** The candidate's row (stage, entered or not); null if they are not in the grid (yet). */
  readonly candidate: CandidateRow | null;
  /** Oldest first: who, when, what. */
  readonly interventions: readonly Intervention[];
  /** Null until read. */
  readonly verdict: VerdictState | null;
  /** The action being sent or awaiting confirmation. */
  readonly action: CandidateAction | null;
  /** 允许迟到入场 is offered only for a candidate who has not entered. */
  readonly canAllowLateEntry: boolean;
  readonly error: ErrorCode | null;
  /**
   * R7: the virtual or filter camera the server refused at the candidate's 设备确认, waived or not (a waiver given
   * from this panel counts at once); null when none was reported.
   */
  readonly virtualCamera: VirtualCameraStatus | null;
  /** 豁免 is offered while a reported virtual camera is not waived and the interview has not finished. */
  readonly canWaiveVirtualCamera: boolean;
}

export function selectCandidatePanelView(snapshot: ProctorSnapshot, row: CandidateRow | null): CandidatePanelView | null {
  const { context } = snapshot;
  if (context.conversationId === null) return null;
  const status = context.candidates[context.conversationId];
  return {
    stage: 'candidate',
    phase: proctorPhaseOf(snapshot, 'candidate', ['loading', 'shown', 'confirming', 'acting', 'failed'] as const) ?? 'loading',
    candidateId: context.conversationId,
    candidate: row,
    interventions: context.record?.interventions ?? [],
    verdict: context.record?.verdict ?? null,
    action: context.action,
    canAllowLateEntry: status?.progress.enteredAt === null,
    error: context.actionError,
    ...virtualCameraOf(status, context.record?.interventions ?? []),
  };
}

/** R7: the reported virtual camera as the panel shows it, and whether 豁免 is offered. */
function virtualCameraOf(
  status: { readonly virtualCamera?: VirtualCameraStatus; readonly progress: { readonly finishedAt: number | null } } | undefined,
  interventions: readonly Intervention[],
): Pick<CandidatePanelView, 'virtualCamera' | 'canWaiveVirtualCamera'> {
  const reported = status?.virtualCamera;
  if (!reported) return { virtualCamera: null, canWaiveVirtualCamera: false };
  const waived = reported.waived || interventions.some((intervention) => intervention.kind === 'virtualCameraWaiver');
  return { virtualCamera: { ...reported, waived }, canWaiveVirtualCamera: !waived && status.progress.finishedAt === null };
}
