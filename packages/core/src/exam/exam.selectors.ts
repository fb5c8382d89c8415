/**
 * Snapshot → view model, one per stage: what the stage shows, which buttons are enabled and which message keys
 * apply. Elements read only these, never raw state. Instants are server epoch ms; views count down to them.
 */
import type { SnapshotFrom } from 'xstate';
import type { ErrorCode } from '../errors/error-codes.js';
import type { Candidate, EvidenceState, HelpMessage, Pairing, Question } from '../ports/exam-api.port.js';
import type { MediaDeviceOption } from '../ports/media-devices.port.js';
import type { FinishReason, Stage } from '../rules/stages.js';
import type { RecordingProgress } from '../streams/upload-queue.js';
import type { ExamMachine } from './exam.machine.js';
import type { BarredReason, DeviceCheckResult } from './exam.types.js';
import { allRequiredChecksPass, evidenceReady, hasEntered } from './exam.guards.js';

export type ExamSnapshot = SnapshotFrom<ExamMachine>;

/** The seed's eleven stages as the stepper shows them (R2); countdown belongs to 开始答题, uploading to 结束考试. */
export const STEPS = [
  'checkingDevices',
  'login',
  'readingProcess',
  'bindingEvidence',
  'drawingLot',
  'awaitingEntry',
  'confirmingDevices',
  'confirmingInfo',
  'readingPledge',
  'answering',
  'finished',
] as const;

export type Step = (typeof STEPS)[number];

export interface StepperItem {
  readonly step: Step;
  readonly status: 'done' | 'current' | 'upcoming';
}

/** The live camera and microphone preview: an open stream for a <video>, and the level for the volume bar. */
export interface PreviewView {
  readonly stream: MediaStream | null;
  /** 0…1. */
  readonly volume: number;
}

export type CheckingDevicesView = { readonly stage: 'checkingDevices'; readonly running: boolean; readonly checks: readonly DeviceCheckResult[]; readonly canContinue: boolean; readonly canRecheck: boolean; readonly error: ErrorCode | null };
export type ReadingProcessView = { readonly stage: 'readingProcess'; readonly canContinue: true };
export type ConfirmingInfoView = { readonly stage: 'confirmingInfo'; readonly candidate: Candidate | null; readonly sittingName: string | null; readonly startsAt: number | null; readonly lot: number | null; readonly canContinue: boolean };
export type ReadingPledgeView = { readonly stage: 'readingPledge'; readonly pledgeAccepted: boolean; readonly noticeAccepted: boolean; readonly canContinue: boolean };
export type CountdownView = { readonly stage: 'countdown'; readonly startsAt: number; readonly deadline: number; readonly candidate: Candidate | null; readonly preview: PreviewView };
export type FinishedView = { readonly stage: 'finished'; readonly finishReason: FinishReason; readonly evidenceDueAt: number | null; readonly evidence: EvidenceState | null; readonly requireEvidence: boolean };
export type BarredView = { readonly stage: 'barred'; readonly reason: BarredReason };

/** What a stage shows: one view model per stage, named after it (`<Stage>View`). */
export type ExamView =
  | CheckingDevicesView
  | LoginView
  | ReadingProcessView
  | BindingEvidenceView
  | DrawingLotView
  | AwaitingEntryView
  | ConfirmingDevicesView
  | ConfirmingInfoView
  | ReadingPledgeView
  | CountdownView
  | AnsweringView
  | UploadingView
  | FinishedView
  | BarredView;

/** The view model of one stage. */
export type ViewOf<S extends ExamView['stage']> = Extract<ExamView, { readonly stage: S }>;

export interface LoginView {
  readonly stage: 'login';
  /** What the login stage shows now. */
  readonly phase: 'loading' | 'loadFailed' | 'notOpen' | 'face' | 'password' | 'refused';
  readonly method: 'face' | 'password';
  /** When login opens (R4), while phase is notOpen. */
  readonly opensAt: number | null;
  readonly face: { readonly phase: 'opening' | 'capturing' | 'verifying' | 'failed'; readonly canCapture: boolean; readonly canRetry: boolean; readonly preview: MediaStream | null };
  readonly password: { readonly submitting: boolean; readonly canSubmit: boolean };
  /** After a failed face attempt, point to 普通登录 (R5). */
  readonly suggestPassword: boolean;
  readonly error: ErrorCode | null;
}

export interface BindingEvidenceView {
  readonly stage: 'bindingEvidence';
  readonly phase: 'pairing' | 'failed' | 'waiting';
  readonly pairing: Pairing | null;
  readonly evidence: EvidenceState | null;
  readonly requireEvidence: boolean;
  readonly canContinue: boolean;
  readonly error: ErrorCode | null;
}

export interface DrawingLotView {
  readonly stage: 'drawingLot';
  readonly lot: number | null;
  readonly drawing: boolean;
  readonly canDraw: boolean;
  readonly canContinue: boolean;
  readonly error: ErrorCode | null;
}

export interface AwaitingEntryView {
  readonly stage: 'awaitingEntry';
  readonly phase: 'notYetOpen' | 'refreshing' | 'ready' | 'checkingDisplay' | 'sharingScreen' | 'entering';
  readonly entryOpensAt: number | null;
  readonly entryClosesAt: number | null;
  /** 「进入考试」 enabled (R12). */
  readonly canEnter: boolean;
  /** 「刷新」 enabled. */
  readonly canRefresh: boolean;
  readonly lot: number | null;
  /** Coming back after a reload: the candidate entered before. */
  readonly reentry: boolean;
  readonly error: ErrorCode | null;
}

export interface ConfirmingDevicesView {
  readonly stage: 'confirmingDevices';
  readonly phase: 'listing' | 'opening' | 'ready' | 'failed';
  readonly cameras: readonly MediaDeviceOption[];
  readonly microphones: readonly MediaDeviceOption[];
  readonly cameraId: string | null;
  readonly microphoneId: string | null;
  readonly preview: PreviewView;
  readonly canContinue: boolean;
  readonly error: ErrorCode | null;
}

export interface AnsweringView {
  readonly stage: 'answering';
  readonly questions: { readonly phase: 'loading' | 'shown' | 'failed'; readonly items: readonly Question[]; readonly canRefresh: boolean };
  readonly deadline: number;
  readonly candidate: Candidate | null;
  readonly lot: number | null;
  readonly preview: PreviewView;
  readonly online: boolean;
  readonly recording: { readonly phase: 'ok' | 'screenLost' | 'resharing' | 'cameraLost' | 'reopeningCamera'; readonly recordings: readonly RecordingProgress[] };
  readonly help: { readonly open: boolean; readonly sending: boolean; readonly messages: readonly HelpMessage[]; readonly unsent: string | null; readonly unread: number };
  readonly ending: { readonly confirming: boolean };
  readonly uploadError: ErrorCode | null;
  readonly error: ErrorCode | null;
}

export interface UploadingView {
  readonly stage: 'uploading';
  readonly phase: 'sending' | 'waitingForNetwork' | 'failed';
  readonly finishRecorded: boolean;
  readonly recordings: readonly (RecordingProgress & { readonly percent: number })[];
  /** Over all recordings, 0…100. */
  readonly percent: number;
  readonly canRetry: boolean;
  readonly uploadError: ErrorCode | null;
}

/** The top-level state: one of the stages, or barred. */
export function selectStage(snapshot: ExamSnapshot): Stage | 'barred' {
  const value = snapshot.value;
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as Stage | 'barred';
}

/** Where the candidate is in the seed's sequence (R2). */
export function selectStepper(snapshot: ExamSnapshot): readonly StepperItem[] {
  const stage = selectStage(snapshot);
  const current: Step | null =
    stage === 'barred' ? null : stage === 'countdown' ? 'answering' : stage === 'uploading' ? 'finished' : stage;
  const index = current ? STEPS.indexOf(current) : -1;
  return STEPS.map((step, i) => ({
    step,
    status: stage === 'finished' || i < index ? 'done' : i === index ? 'current' : 'upcoming',
  }));
}

export function selectView(snapshot: ExamSnapshot): ExamView {
  const { context } = snapshot;
  const m = (state: Parameters<ExamSnapshot['matches']>[0]) => snapshot.matches(state);
  const preview: PreviewView = { stream: context.capture?.stream ?? null, volume: context.volume };
  const stage = selectStage(snapshot);

  switch (stage) {
    case 'checkingDevices':
      return {
        stage,
        running: m({ checkingDevices: 'running' }),
        checks: context.checks,
        canContinue: m({ checkingDevices: 'reviewing' }) && allRequiredChecksPass({ context }),
        canRecheck: m({ checkingDevices: 'reviewing' }),
        error: context.error,
      };
    case 'login': {
      const facePhase = (['opening', 'capturing', 'verifying', 'failed'] as const).find((p) => m({ login: { open: { face: p } } })) ?? 'opening';
      const phase: LoginView['phase'] = m({ login: 'loadFailed' })
        ? 'loadFailed'
        : m({ login: 'notOpen' })
          ? 'notOpen'
          : m({ login: 'refused' })
            ? 'refused'
            : m({ login: { open: 'password' } })
              ? 'password'
              : m({ login: { open: 'face' } })
                ? 'face'
                : 'loading';
      return {
        stage,
        phase,
        method: context.loginMethod,
        opensAt: context.loginOpensAt,
        face: {
          phase: facePhase,
          canCapture: m({ login: { open: { face: 'capturing' } } }),
          canRetry: m({ login: { open: { face: 'failed' } } }),
          preview: context.capture?.stream ?? null,
        },
        password: {
          submitting: m({ login: { open: { password: 'submitting' } } }),
          canSubmit: m({ login: { open: { password: 'editing' } } }),
        },
        suggestPassword: context.faceAttempts > 0,
        error: context.error,
      };
    }
    case 'readingProcess':
      return { stage, canContinue: true };
    case 'bindingEvidence':
      return {
        stage,
        phase: m({ bindingEvidence: 'failed' }) ? 'failed' : m({ bindingEvidence: 'waiting' }) ? 'waiting' : 'pairing',
        pairing: context.pairing,
        evidence: context.evidence?.state ?? null,
        requireEvidence: context.requireEvidence,
        canContinue: m({ bindingEvidence: 'waiting' }) && evidenceReady({ context }),
        error: context.error,
      };
    case 'drawingLot': {
      const drawing = m({ drawingLot: 'drawing' });
      const lot = context.progress?.lot ?? null;
      return { stage, lot, drawing, canDraw: !drawing && lot === null, canContinue: !drawing, error: context.error };
    }
    case 'awaitingEntry': {
      const phase = (['refreshing', 'notYetOpen'] as const).find((p) => m({ awaitingEntry: p })) ??
        (['checkingDisplay', 'sharingScreen', 'entering', 'ready'] as const).find((p) => m({ awaitingEntry: { open: p } })) ??
        'notYetOpen';
      return {
        stage,
        phase,
        entryOpensAt: context.schedule?.entryOpensAt ?? null,
        entryClosesAt: context.schedule ? (hasEntered({ context }) ? context.schedule.deadline : context.schedule.entryClosesAt) : null,
        canEnter: phase === 'ready',
        canRefresh: phase === 'notYetOpen',
        lot: context.progress?.lot ?? null,
        reentry: hasEntered({ context }),
        error: context.error,
      };
    }
    case 'confirmingDevices': {
      const phase = (['listing', 'opening', 'ready', 'failed'] as const).find((p) => m({ confirmingDevices: p })) ?? 'listing';
      return {
        stage,
        phase,
        cameras: context.devices.cameras,
        microphones: context.devices.microphones,
        cameraId: context.cameraId,
        microphoneId: context.microphoneId,
        preview,
        canContinue: phase === 'ready',
        error: context.error,
      };
    }
    case 'confirmingInfo':
      return {
        stage,
        candidate: context.candidate,
        sittingName: context.exam?.sittings.find((s) => s.startsAt === context.schedule?.startsAt)?.name ?? null,
        startsAt: context.schedule?.startsAt ?? null,
        lot: context.progress?.lot ?? null,
        canContinue: context.candidate !== null,
      };
    case 'readingPledge':
      return {
        stage,
        pledgeAccepted: context.pledgeAccepted,
        noticeAccepted: context.noticeAccepted,
        canContinue: context.pledgeAccepted && context.noticeAccepted,
      };
    case 'countdown':
      return {
        stage,
        startsAt: context.schedule?.startsAt ?? 0,
        deadline: context.schedule?.deadline ?? 0,
        candidate: context.candidate,
        preview,
      };
    case 'answering': {
      const questionsPhase = (['loading', 'shown', 'failed'] as const).find((p) => m({ answering: { questions: p } })) ?? 'loading';
      const recordingPhase =
        (['ok', 'screenLost', 'resharing', 'cameraLost', 'reopeningCamera'] as const).find((p) => m({ answering: { recording: p } })) ?? 'ok';
      return {
        stage,
        questions: { phase: questionsPhase, items: context.questions, canRefresh: questionsPhase === 'failed' },
        deadline: context.schedule?.deadline ?? 0,
        candidate: context.candidate,
        lot: context.progress?.lot ?? null,
        preview,
        online: context.online,
        recording: { phase: recordingPhase, recordings: context.recordings },
        help: {
          open: m({ answering: { help: 'open' } }),
          sending: m({ answering: { help: { open: 'sending' } } }),
          messages: context.helpMessages,
          unsent: context.helpDraft,
          unread: context.helpUnread,
        },
        ending: { confirming: m({ answering: { ending: 'confirming' } }) },
        uploadError: context.uploadError,
        error: context.error,
      };
    }
    case 'uploading': {
      const recordings = context.recordings.map((r) => ({ ...r, percent: percentOf(r.bytesAcknowledged, r.bytesRecorded, r.state === 'done') }));
      const recorded = context.recordings.reduce((sum, r) => sum + r.bytesRecorded, 0);
      const acknowledged = context.recordings.reduce((sum, r) => sum + r.bytesAcknowledged, 0);
      const phase = m({ uploading: { transfer: 'failed' } }) ? 'failed' : m({ uploading: { transfer: 'waitingForNetwork' } }) ? 'waitingForNetwork' : 'sending';
      return {
        stage,
        phase,
        finishRecorded: context.finishRecorded,
        recordings,
        percent: percentOf(acknowledged, recorded, recordings.length > 0 && recordings.every((r) => r.state === 'done')),
        canRetry: phase === 'failed',
        uploadError: context.uploadError,
      };
    }
    case 'finished':
      return {
        stage,
        finishReason: context.finishReason ?? 'completed',
        evidenceDueAt: context.schedule?.evidenceDueAt ?? null,
        evidence: context.evidence?.state ?? null,
        requireEvidence: context.requireEvidence,
      };
    case 'barred':
      return { stage, reason: context.barredReason ?? 'LATE_ENTRY_CLOSED' };
  }
}

function percentOf(part: number, whole: number, done: boolean): number {
  if (done) return 100;
  if (whole <= 0) return 0;
  return Math.min(99, Math.floor((part / whole) * 100));
}

/**
 * What a view can show, as keys: one per stage phase, and for the answer page one per facet (questions, recording,
 * network, help, the end-exam box), since those combine freely. Storybook and the tests must show each of them;
 * `VIEW_STATES` lists them all, and the model test proves the machine reaches exactly those.
 */
export function viewStateKeys(view: ExamView): string[] {
  switch (view.stage) {
    case 'checkingDevices':
      return [`checkingDevices:${view.running ? 'running' : view.canContinue ? 'passed' : 'failed'}`];
    case 'login':
      return [
        `login:${view.phase}`,
        ...(view.phase === 'face' ? [`login:face:${view.face.phase}`] : []),
        ...(view.phase === 'password' && view.password.submitting ? ['login:password:submitting'] : []),
      ];
    case 'bindingEvidence':
      return [`bindingEvidence:${view.phase}`, ...(view.requireEvidence ? [] : ['bindingEvidence:notRequired'])];
    case 'drawingLot':
      return [`drawingLot:${view.drawing ? 'drawing' : 'ready'}`];
    case 'awaitingEntry':
      return [`awaitingEntry:${view.phase}`];
    case 'confirmingDevices':
      return [`confirmingDevices:${view.phase}`];
    case 'answering':
      return [
        `answering:questions:${view.questions.phase}`,
        `answering:recording:${view.recording.phase}`,
        ...(view.online ? [] : ['answering:offline']),
        ...(view.help.open ? ['answering:help'] : []),
        ...(view.help.sending ? ['answering:help:sending'] : []),
        ...(view.ending.confirming ? ['answering:confirmingEnd'] : []),
      ];
    case 'uploading':
      return [`uploading:${view.phase}`];
    default:
      return [view.stage];
  }
}

/** Every key `viewStateKeys` gives for a snapshot the machine can reach. */
export const VIEW_STATES: readonly string[] = [
  'checkingDevices:running',
  'checkingDevices:passed',
  'checkingDevices:failed',
  'login:loading',
  'login:loadFailed',
  'login:notOpen',
  'login:face',
  'login:face:opening',
  'login:face:capturing',
  'login:face:verifying',
  'login:face:failed',
  'login:password',
  'login:password:submitting',
  'login:refused',
  'readingProcess',
  'bindingEvidence:pairing',
  'bindingEvidence:failed',
  'bindingEvidence:waiting',
  'bindingEvidence:notRequired',
  'drawingLot:ready',
  'drawingLot:drawing',
  'awaitingEntry:notYetOpen',
  'awaitingEntry:refreshing',
  'awaitingEntry:ready',
  'awaitingEntry:checkingDisplay',
  'awaitingEntry:sharingScreen',
  'awaitingEntry:entering',
  'confirmingDevices:listing',
  'confirmingDevices:opening',
  'confirmingDevices:ready',
  'confirmingDevices:failed',
  'confirmingInfo',
  'readingPledge',
  'countdown',
  'answering:questions:loading',
  'answering:questions:shown',
  'answering:questions:failed',
  'answering:recording:ok',
  'answering:recording:screenLost',
  'answering:recording:resharing',
  'answering:recording:cameraLost',
  'answering:recording:reopeningCamera',
  'answering:offline',
  'answering:help',
  'answering:help:sending',
  'answering:confirmingEnd',
  'uploading:sending',
  'uploading:waitingForNetwork',
  'uploading:failed',
  'finished',
  'barred',
];
