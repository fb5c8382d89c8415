/** View models of 开始答题 for tests and stories, one per state the stage can show. */
import type { AnsweringView, Candidate, PairingCodeView, PhoneStatusView, Question, RecordingProgress } from '@examroom/core';
import { helpConversation } from '../help-chat/help-chat.fixtures';

const startsAt = Date.UTC(2026, 10, 28, 1, 0);
const deadline = startsAt + 30 * 60_000;

/** Server time in the fixtures: 8 min 25 s into a 30-minute interview. */
export const answeringNow = startsAt + 8 * 60_000 + 25_000;

const candidate: Candidate = {
  id: 'cand-0012',
  name: '张三',
  idNumberMasked: '1101**********0011',
  admissionNumber: '20261128010012',
};

export const answeringQuestions: readonly Question[] = [
  { id: 'q1', order: 1, text: '请简要介绍你自己，并谈谈你报考本专业硕士研究生的主要动机。' },
  { id: 'q2', order: 2, text: '请结合你本科阶段参与过的一个项目或研究，说明你在其中承担的工作、遇到的困难以及你是如何解决的。' },
  { id: 'q3', order: 3, text: '如果被录取，你对研究生阶段的学习和研究有怎样的规划？毕业后希望从事什么方向的工作？' },
];

const recordings: readonly RecordingProgress[] = [
  { recordingId: 'rec-camera', kind: 'camera', bytesRecorded: 31_457_280, bytesAcknowledged: 31_391_744, bytesPending: 65_536, state: 'uploading' },
  { recordingId: 'rec-screen', kind: 'screen', bytesRecorded: 22_020_096, bytesAcknowledged: 22_020_096, bytesPending: 0, state: 'recording' },
];

/** The phone records; the server has 96 MB of it and heard from it 5 s ago. */
const phone: PhoneStatusView = {
  state: 'recording',
  required: true,
  replaced: false,
  bytesReceived: 100_663_296,
  bytesExpected: null,
  percent: null,
  silentFrom: answeringNow - 5_000 + 60_000,
};

const pairing: PairingCodeView = {
  code: 'W4HN-7RKP',
  url: 'https://exam.example.edu/phone#code=W4HN7RKP',
  phonePage: 'https://exam.example.edu/phone',
  expiresAt: answeringNow + 10 * 60_000,
};

const shown: AnsweringView = {
  stage: 'answering',
  questions: { phase: 'shown', items: answeringQuestions, canRefresh: false },
  deadline,
  timeZone: 'Asia/Shanghai',
  candidate,
  lot: 7,
  preview: { stream: null, volume: 0.42 },
  online: true,
  recording: { phase: 'ok', recordings },
  help: { open: false, sending: false, messages: [], unsent: null, unread: 0 },
  ending: { confirming: false },
  uploadError: null,
  error: null,
  phone,
  rebinding: { phase: 'closed', pairing: null },
};

const offlineRecordings: readonly RecordingProgress[] = recordings.map((r) => ({
  ...r,
  bytesPending: r.bytesPending + 1_572_864,
  bytesRecorded: r.bytesRecorded + 1_572_864,
  state: 'waitingForNetwork' as const,
  error: 'NETWORK_ERROR' as const,
}));

export const answeringViews = {
  loadingQuestions: { ...shown, questions: { phase: 'loading', items: [], canRefresh: false } },
  shown,
  questionsFailed: { ...shown, questions: { phase: 'failed', items: [], canRefresh: true }, error: 'QUESTIONS_UNAVAILABLE' },
  offline: { ...shown, online: false, recording: { phase: 'ok', recordings: offlineRecordings } },
  phoneReplaced: { ...shown, phone: { ...phone, state: 'phoneConnected', replaced: true, bytesReceived: 0 } },
  /** Not heard from for 75 s. */
  phoneSilent: { ...shown, phone: { ...phone, silentFrom: answeringNow - 15_000 } },
  /** Stopped before the end of the interview. */
  phoneStopped: { ...shown, phone: { ...phone, state: 'stopped', bytesExpected: 104_857_600, percent: 96 } },
  rebindingCreating: { ...shown, phone: { ...phone, silentFrom: answeringNow - 15_000 }, rebinding: { phase: 'creating', pairing: null } },
  rebindingShown: { ...shown, phone: { ...phone, silentFrom: answeringNow - 15_000 }, rebinding: { phase: 'shown', pairing } },
  rebindingFailed: { ...shown, rebinding: { phase: 'failed', pairing: null }, error: 'NETWORK_ERROR' },
  screenLost: { ...shown, recording: { phase: 'screenLost', recordings } },
  resharing: { ...shown, recording: { phase: 'resharing', recordings } },
  screenNotMonitor: { ...shown, recording: { phase: 'screenLost', recordings }, error: 'SCREEN_SHARE_NOT_MONITOR' },
  cameraLost: { ...shown, recording: { phase: 'cameraLost', recordings } },
  reopeningCamera: { ...shown, recording: { phase: 'reopeningCamera', recordings } },
  unreadHelp: { ...shown, help: { open: false, sending: false, messages: helpConversation, unsent: null, unread: 2 } },
  helpOpen: { ...shown, help: { open: true, sending: false, messages: helpConversation, unsent: null, unread: 0 } },
  helpSending: {
    ...shown,
    help: { open: true, sending: true, messages: helpConversation, unsent: '麦克风音量条一直很低，请问需要调整吗？', unread: 0 },
  },
  helpFailed: {
    ...shown,
    help: { open: true, sending: false, messages: helpConversation, unsent: '麦克风音量条一直很低，请问需要调整吗？', unread: 0 },
    error: 'HELP_MESSAGE_FAILED',
  },
  confirmingEnd: { ...shown, ending: { confirming: true } },
  lastMinute: { ...shown, deadline: answeringNow + 45_000 },
  storageLow: { ...shown, uploadError: 'STORAGE_QUOTA_LOW' },
} satisfies Record<string, AnsweringView>;
