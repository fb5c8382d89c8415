/**
 * Snapshot → view model: each stage's selector (in stages/<stage>.ts) says what the stage shows, which buttons are
 * enabled and which message keys apply. Elements read only these, never raw state. Instants are server epoch ms;
 * views count down to them.
 */
import type { AnyStateNode } from 'xstate';
import { STAGES, type Stage } from '../rules/stages.js';
import { examMachine } from './exam.machine.js';
import type { ExamSnapshot } from './exam.view.js';
import { answeringViewStateKeys, selectAnsweringView, type AnsweringView } from './stages/answering.js';
import { awaitingEntryViewStateKeys, selectAwaitingEntryView, type AwaitingEntryView } from './stages/awaitingEntry.js';
import { barredViewStateKeys, selectBarredView, type BarredView } from './stages/barred.js';
import { BINDING_EVIDENCE_FACETS, bindingEvidenceViewStateKeys, selectBindingEvidenceView, type BindingEvidenceView } from './stages/bindingEvidence.js';
import { CHECKING_DEVICES_FACETS, checkingDevicesViewStateKeys, selectCheckingDevicesView, type CheckingDevicesView } from './stages/checkingDevices.js';
import { confirmingDevicesViewStateKeys, selectConfirmingDevicesView, type ConfirmingDevicesView } from './stages/confirmingDevices.js';
import { selectConfirmingInfoView, type ConfirmingInfoView } from './stages/confirmingInfo.js';
import { selectCountdownView, type CountdownView } from './stages/countdown.js';
import { drawingLotViewStateKeys, selectDrawingLotView, type DrawingLotView } from './stages/drawingLot.js';
import { selectFinishedView, type FinishedView } from './stages/finished.js';
import { loginViewStateKeys, selectLoginView, type LoginView } from './stages/login.js';
import { selectReadingPledgeView, type ReadingPledgeView } from './stages/readingPledge.js';
import { selectReadingProcessView, type ReadingProcessView } from './stages/readingProcess.js';
import { resumingViewStateKeys, selectResumingView, type ResumingView } from './stages/resuming.js';
import { selectUploadingView, uploadingViewStateKeys, type UploadingView } from './stages/uploading.js';

export type { ExamSnapshot, PairingCodeView, PhoneStatusView, PreviewView } from './exam.view.js';
export { isPhoneSilent } from './exam.view.js';
export type {
  AnsweringView,
  AwaitingEntryView,
  BarredView,
  BindingEvidenceView,
  CheckingDevicesView,
  ConfirmingDevicesView,
  ConfirmingInfoView,
  CountdownView,
  DrawingLotView,
  FinishedView,
  LoginView,
  ReadingPledgeView,
  ReadingProcessView,
  ResumingView,
  UploadingView,
};

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
  | BarredView
  | ResumingView;

/** The view model of one stage. */
export type ViewOf<S extends ExamView['stage']> = Extract<ExamView, { readonly stage: S }>;

const selectors: { readonly [S in ExamView['stage']]: (snapshot: ExamSnapshot) => ViewOf<S> } = {
  checkingDevices: selectCheckingDevicesView,
  login: selectLoginView,
  readingProcess: selectReadingProcessView,
  bindingEvidence: selectBindingEvidenceView,
  drawingLot: selectDrawingLotView,
  awaitingEntry: selectAwaitingEntryView,
  confirmingDevices: selectConfirmingDevicesView,
  confirmingInfo: selectConfirmingInfoView,
  readingPledge: selectReadingPledgeView,
  countdown: selectCountdownView,
  answering: selectAnsweringView,
  uploading: selectUploadingView,
  finished: selectFinishedView,
  barred: selectBarredView,
  resuming: selectResumingView,
};

/** The top-level state: one of the stages, barred, or resuming (the prompt before a stage after entry). */
export function selectStage(snapshot: ExamSnapshot): Stage | 'barred' | 'resuming' {
  const value = snapshot.value;
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as Stage | 'barred' | 'resuming';
}

export function selectView(snapshot: ExamSnapshot): ExamView {
  return selectors[selectStage(snapshot)](snapshot);
}

/** A step of the stepper (R2): every stage but the countdown, which belongs to 开始答题, and uploading, to 结束考试. */
export type Step = Exclude<Stage, 'countdown' | 'uploading'>;

/** The eleven steps the stepper shows (R2), in the order of STAGES. */
export const STEPS: readonly Step[] = STAGES.filter((stage): stage is Step => stage !== 'countdown' && stage !== 'uploading');

export interface StepperItem {
  /** The step, named after its stage. */
  readonly step: Step;
  /** Before, at or after the candidate's stage; all done once finished, none current while barred. */
  readonly status: 'done' | 'current' | 'upcoming';
}

/** Where the candidate is in the sequence of steps (R2). */
export function selectStepper(snapshot: ExamSnapshot): readonly StepperItem[] {
  const shown = selectStage(snapshot);
  // Resuming is the way back into a stage: the stepper already shows that stage, and the ones before it as done.
  const stage = shown === 'resuming' ? returningStage(snapshot) : shown;
  const current: Step | null = stage === 'barred' ? null : stage === 'countdown' ? 'answering' : stage === 'uploading' ? 'finished' : stage;
  const index = current ? STEPS.indexOf(current) : -1;
  return STEPS.map((step, i) => ({
    step,
    status: stage === 'finished' || i < index ? 'done' : i === index ? 'current' : 'upcoming',
  }));
}

function returningStage({ context }: ExamSnapshot): Stage {
  return context.resume?.kind === 'stage' ? context.resume.stage : 'answering';
}

/**
 * What a view can show, as keys: one per stage phase, and for the answer page one per facet (questions, recording,
 * network, help, the end-exam box), since those combine freely. Storybook and the tests must show each of them;
 * `VIEW_STATES` lists them all, and the model test proves the machine reaches exactly those.
 */
export function viewStateKeys(view: ExamView): string[] {
  switch (view.stage) {
    case 'checkingDevices':
      return checkingDevicesViewStateKeys(view);
    case 'login':
      return loginViewStateKeys(view);
    case 'bindingEvidence':
      return bindingEvidenceViewStateKeys(view);
    case 'drawingLot':
      return drawingLotViewStateKeys(view);
    case 'awaitingEntry':
      return awaitingEntryViewStateKeys(view);
    case 'confirmingDevices':
      return confirmingDevicesViewStateKeys(view);
    case 'answering':
      return answeringViewStateKeys(view);
    case 'uploading':
      return uploadingViewStateKeys(view);
    case 'resuming':
      return resumingViewStateKeys(view);
    case 'barred':
      return barredViewStateKeys(view);
    default:
      return [view.stage];
  }
}

/** View states that come from context rather than from a state, declared beside their stage's selector. */
const facets: Readonly<Record<string, readonly string[]>> = {
  checkingDevices: CHECKING_DEVICES_FACETS,
  bindingEvidence: BINDING_EVIDENCE_FACETS,
};

/** Every tag on a state node and the nodes below it, in document order. */
function tagsOf(node: AnyStateNode): string[] {
  return [...node.tags, ...Object.values(node.states).flatMap(tagsOf)];
}

/**
 * Every key `viewStateKeys` gives for a snapshot the machine can reach, stage by stage: the tags of the state nodes
 * the views tell apart, then the stage's facets.
 */
export const VIEW_STATES: readonly string[] = /* @__PURE__ */ viewStatesOf(examMachine.root);

// Marked pure above so that a bundle which never reads VIEW_STATES (the candidate's page) does not walk the machine.
function viewStatesOf(root: AnyStateNode): string[] {
  return Object.entries(root.states).flatMap(([stage, node]) => [...new Set([...tagsOf(node), ...(facets[stage] ?? [])])]);
}
