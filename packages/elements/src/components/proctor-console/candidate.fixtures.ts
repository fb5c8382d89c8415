/**
 * View models of the open candidate's panel (interventions and verdict) under their conversation, for tests and
 * stories: each of its states, with a record and without, and the server's refusals.
 */
import type { CandidatePanelView, ConversationView, Intervention, SittingView, Verdict } from '@examroom/core';
import { FIXTURE_NOW, FIXTURE_ROWS, gridView } from './sitting.fixtures';

const MIN = 60_000;
/** An answering candidate (c1), and one who has not entered (c10, 阅读面试流程). */
const ANSWERING = FIXTURE_ROWS[0]!;
const NOT_ENTERED = FIXTURE_ROWS[9]!;

const INTERVENTIONS: readonly Intervention[] = [
  { id: 'i1', candidateId: ANSWERING.candidateId, kind: 'extraTime', supervisorId: 'supervisor', supervisorName: '王老师', at: FIXTURE_NOW - 2 * MIN, minutes: 5 },
];
const HISTORY: readonly Verdict[] = [
  { verdict: 'doubtful', comment: '多次离开画面，待复核。', supervisorId: 'supervisor', supervisorName: '王老师', at: FIXTURE_NOW - MIN },
  { verdict: 'passed', comment: '复核录像，无异常。', supervisorId: 'supervisor', supervisorName: '王老师', at: FIXTURE_NOW },
];

const shown = {
  stage: 'candidate',
  phase: 'shown',
  candidateId: ANSWERING.candidateId,
  candidate: ANSWERING,
  interventions: [],
  verdict: { current: null, history: [] },
  action: null,
  canAllowLateEntry: false,
  error: null,
  virtualCamera: null,
  canWaiveVirtualCamera: false,
} satisfies CandidatePanelView;

/** R7: the camera the server refused at 设备确认. */
const OBS = { label: 'OBS Virtual Camera', at: FIXTURE_NOW - MIN, waived: false };

const conversationOf = (row: typeof ANSWERING): ConversationView => ({
  stage: 'conversation',
  phase: 'open',
  candidate: row,
  candidateId: row.candidateId,
  messages: [],
  draft: '',
  quickReplies: null,
  error: null,
});

/** The grid with this candidate's conversation and panel open beside it. */
const beside = (candidatePanel: CandidatePanelView): SittingView =>
  gridView(FIXTURE_ROWS, { conversation: conversationOf(candidatePanel.candidate ?? ANSWERING), candidatePanel });

export const candidateViews = {
  loading: beside({ ...shown, phase: 'loading', verdict: null }),
  shown: beside(shown),
  recorded: beside({ ...shown, interventions: INTERVENTIONS, verdict: { current: HISTORY[1]!, history: HISTORY } }),
  notEntered: beside({ ...shown, candidateId: NOT_ENTERED.candidateId, candidate: NOT_ENTERED, canAllowLateEntry: true }),
  confirming: beside({ ...shown, phase: 'confirming', action: { kind: 'endInterview', reason: '使用手机查阅资料' } }),
  acting: beside({ ...shown, phase: 'acting', action: { kind: 'extraTime', minutes: 5 } }),
  refused: beside({ ...shown, error: 'CANDIDATE_FINISHED' }),
  failed: beside({ ...shown, phase: 'failed', verdict: null, error: 'NETWORK_ERROR' }),
  virtualCamera: beside({ ...shown, virtualCamera: OBS, canWaiveVirtualCamera: true }),
  virtualCameraWaived: beside({
    ...shown,
    virtualCamera: { ...OBS, waived: true },
    interventions: [
      { id: 'i2', candidateId: ANSWERING.candidateId, kind: 'virtualCameraWaiver', supervisorId: 'supervisor', supervisorName: '王老师', at: FIXTURE_NOW, reason: '考生只有这一个摄像头，已核实未开滤镜' },
    ],
  }),
} satisfies Record<string, SittingView>;
