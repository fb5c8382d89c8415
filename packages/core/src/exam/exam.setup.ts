/**
 * Everything examMachine names: its types, actors, guards and actions. The state configs under stages/ refer to
 * these by name only, so every effect and condition of the statechart is listed here once.
 */
import { assertEvent, assign, emit, enqueueActions, sendTo, setup, spawnChild } from 'xstate';
import { ErrorCode } from '../errors/error-codes.js';
import type { FaceChallenge, HelpMessage, IncidentKind, Question } from '../ports/exam-api.port.js';
import type { ExamPorts } from '../ports/index.js';
import type { MediaCapture, MediaDeviceList } from '../ports/media-devices.port.js';
import type { ScreenShare } from '../ports/screen-capture.port.js';
import type { FinishReason, Progress, Stage } from '../rules/stages.js';
import { createExamActors, type LoadedExam, type LoadedMe, type PairingResult } from './exam.actors.js';
import { actorErrorCode, actorErrorOpensAt, barredReasonOf, isNewReply, sessionEndReasonOf, keptDevices, withHelpMessage, withHelpMessages } from './exam.context.js';
import {
  allRecordingsAcknowledged,
  allRequiredChecksPass,
  isInterviewGoingOn,
  isFinishRecorded,
  evidenceSettled,
  hasExternalDisplay,
  hasFailedRecording,
  isEntryNotOpen,
  isFaceUnavailable,
  isLoginNotOpen,
  isMonitored,
  isOffline,
  isOnline,
  isRefusedElsewhere,
  isSessionGone,
  isStorageLow,
  isTooLate,
  isValidHelpText,
  isValidPasswordLogin,
  isWholeMonitor,
  pairingUsed,
  phoneRecords,
  pledgeAndNoticeAccepted,
  prefersPassword,
  isSessionOfThisExam,
  resumeIsBarred,
  resumesAfterEntry,
  resumesAt,
} from './exam.guards.js';
import { chosenCameraLabel, isVirtualCameraRefused } from './exam.virtual-camera.js';
import { faceLoginGuards, faceLoginUpdates } from './exam.face-login.js';
import type { BarredReason, DeviceCheckOutcome, ExamContext, ExamEmitted, ExamEvent, ExamInput, ExamTag, LoginMethod } from './exam.types.js';

/** Ports that throw on use: examMachine must be given real ones through createExamActor or .provide(). */
const unprovidedPorts = new Proxy({} as ExamPorts, {
  get(_target, port) {
    throw new Error(`examMachine: the ${String(port)} port is not provided; use createExamActor({ ports })`);
  },
});

/**
 * The output of the invoked actor whose onDone runs, as the params of a named action or guard:
 * `onDone: { actions: { type: 'assignChecks', params: actorOutput } }`.
 */
export const actorOutput = <T>({ event }: { readonly event: { readonly output: T } }): T => event.output;

export const examSetup = setup({
  types: {
    context: {} as ExamContext,
    events: {} as ExamEvent,
    input: {} as ExamInput,
    emitted: {} as ExamEmitted,
    tags: {} as ExamTag,
  },
  actors: createExamActors(unprovidedPorts),
  guards: {
    allRequiredChecksPass,
    isInterviewGoingOn,
    isFinishRecorded,
    prefersPassword,
    isValidPasswordLogin,
    isRefusedElsewhere,
    isLoginNotOpen,
    isTooLate,
    isFaceUnavailable,
    resumeIsBarred,
    resumesAt,
    resumesAfterEntry,
    isSessionOfThisExam,
    phoneRecords,
    pairingUsed,
    evidenceSettled,
    hasExternalDisplay,
    isWholeMonitor,
    isEntryNotOpen,
    pledgeAndNoticeAccepted,
    isOnline,
    isOffline,
    isValidHelpText,
    isSessionGone,
    allRecordingsAcknowledged,
    hasFailedRecording,
    isMonitored,
    isStorageLow,
    isVirtualCameraRefused,
    ...faceLoginGuards,
  },
  actions: {
    // ---- to the host page ----
    emitStage: emit((_, { stage }: { stage: Stage | 'barred' }) => ({ type: 'stageChanged' as const, stage })),
    emitFinished: emit(({ context }) => ({ type: 'finished' as const, reason: context.finishReason ?? 'completed' })),
    emitUploadComplete: emit({ type: 'uploadComplete' as const }),

    // ---- errors and barring ----
    clearError: assign({ error: null }),
    assignError: assign(({ event }) => ({ error: actorErrorCode(event) })),
    assignErrorCode: assign((_, { code }: { code: ErrorCode }) => ({ error: code })),
    // A help message the server refused for coming too fast is told apart from one that did not get through.
    assignHelpSendError: assign(({ event }) => ({
      error: actorErrorCode(event) === ErrorCode.RATE_LIMITED ? ErrorCode.HELP_MESSAGE_RATE_LIMITED : ErrorCode.HELP_MESSAGE_FAILED,
    })),
    bar: assign((_, { reason }: { reason: BarredReason }) => ({ barredReason: reason })),
    barFromResume: assign(({ context }) => ({
      barredReason: context.resume?.kind === 'barred' ? (context.resume.reason as BarredReason) : ErrorCode.LATE_ENTRY_CLOSED,
    })),
    barWithEventError: assign(({ event }) => ({ barredReason: barredReasonOf(actorErrorCode(event)) })),
    /** The server ended the session: taken over by another login (R6), or expired at the evidence deadline. */
    barForSessionEnd: assign(({ event }) => {
      assertEvent(event, 'api.sessionRevoked');
      return { barredReason: sessionEndReasonOf(event.reason) };
    }),
    barForSessionGone: assign(({ event }) => ({ barredReason: sessionEndReasonOf(actorErrorCode(event)) })),
    clearBarredReason: assign({ barredReason: null }),

    // ---- the window lock (R6: one window of this browser has the exam) ----
    claimWindow: sendTo('windowLock', { type: 'claim' as const }),
    releaseWindow: sendTo('windowLock', { type: 'release' as const }),
    /** The recordings in the browser's store are this window's only once it holds the lock. */
    startRecordings: sendTo('recordings', { type: 'start' as const }),

    // ---- 设备准备, login and the candidate's record ----
    // The devices listed while the checks had the camera open (R7: the candidate may choose another camera here).
    assignChecks: assign(({ context }, outcome: DeviceCheckOutcome) => ({
      checks: outcome.checks,
      ...(outcome.devices ? keptDevices({ ...context, cameraId: outcome.cameraId ?? context.cameraId }, outcome.devices) : {}),
    })),
    assignExam: assign((_, { exam, loginOpensAt }: LoadedExam) => ({ exam, loginOpensAt })),
    /**
     * LOGIN_NOT_OPEN (R4): the page only knew the exam's earliest login; the server says when this candidate's opens.
     * With that instant the stage counts down to it (no error to show); without it, the refusal is shown as it is.
     */
    assignLoginNotOpen: assign(({ event }) => {
      const opensAt = actorErrorOpensAt(event);
      return opensAt === undefined ? { error: actorErrorCode(event) } : { loginOpensAt: opensAt, error: null };
    }),
    setLoginMethod: assign((_, { method }: { method: LoginMethod }) => ({ loginMethod: method })),
    countFaceAttempt: assign(({ context }) => ({ faceAttempts: context.faceAttempts + 1 })),
    assignMe: assign(({ context }, { me, schedule, helpMessages, evidence, resume }: LoadedMe) => ({
      candidate: me.candidate,
      exam: me.exam,
      schedule,
      progress: me.progress,
      resume,
      requireEvidence: schedule.policy.requireEvidence,
      helpMessages: withHelpMessages(context.helpMessages, helpMessages),
      evidence: evidence ?? context.evidence,
      finishReason: me.progress.finishReason,
      error: null,
    })),
    assignProgress: assign((_, progress: Progress) => ({ progress })),
    startHeartbeat: spawnChild('keepSessionAlive', { id: 'session' }),
    listenToServer: spawnChild('liveEvents', { id: 'live' }),

    // ---- phone, devices and screen ----
    assignPairing: assign((_, { pairing, evidence }: PairingResult) => ({ pairing, evidence })),
    assignEvidence: assign(({ event }) => {
      assertEvent(event, 'api.evidenceStatus');
      return { evidence: event.status };
    }),
    assignDevices: assign(({ context }, devices: MediaDeviceList) => keptDevices(context, devices)),
    selectCamera: assign(({ event }) => {
      assertEvent(event, 'user.selectCamera');
      return { cameraId: event.deviceId };
    }),
    selectMicrophone: assign(({ event }) => {
      assertEvent(event, 'user.selectMicrophone');
      return { microphoneId: event.deviceId };
    }),
    assignCapture: assign((_, capture: MediaCapture) => ({ capture })),
    /** The camera and microphone actually opened, which may differ from the ones asked for. */
    assignOpenedDevices: assign((_, capture: MediaCapture) => ({ capture, cameraId: capture.cameraId, microphoneId: capture.microphoneId })),
    releaseCapture: assign(({ context }) => {
      context.capture?.stop();
      return { capture: null };
    }),
    assignVolume: assign(({ event }) => {
      assertEvent(event, 'media.volume');
      return { volume: event.level };
    }),
    assignScreen: assign((_, screen: ScreenShare) => ({ screen })),
    /** A share that is not kept (not a whole monitor) is stopped at once. */
    stopShare: (_, share: ScreenShare) => share.stop(),
    releaseScreen: assign(({ context }) => {
      context.screen?.stop();
      return { screen: null };
    }),

    // ---- confirmations ----
    confirmInfo: assign({ infoConfirmed: true }),
    setPledgeAccepted: assign(({ event }) => {
      assertEvent(event, 'user.setPledgeAccepted');
      return { pledgeAccepted: event.accepted };
    }),
    setNoticeAccepted: assign(({ event }) => {
      assertEvent(event, 'user.setNoticeAccepted');
      return { noticeAccepted: event.accepted };
    }),

    // ---- answering ----
    assignQuestions: assign((_, questions: readonly Question[]) => ({ questions })),
    setFinishReason: assign((_, { reason }: { reason: FinishReason }) => ({ finishReason: reason })),
    /** The candidate's instants as a supervisor moved them; the policy stays the sitting's. */
    assignPushedSchedule: assign(({ context, event }) => {
      assertEvent(event, 'api.scheduleChanged');
      if (!context.schedule) return {};
      const { loginOpensAt, entryOpensAt, startsAt, entryClosesAt, deadline, evidenceDueAt } = event.schedule;
      return { schedule: { ...context.schedule, loginOpensAt, entryOpensAt, startsAt, entryClosesAt, deadline, evidenceDueAt } };
    }),
    /** Ended on the server (a supervisor): the page records nothing more and does not tell the server again. */
    finishedByServer: assign(({ event }) => {
      assertEvent(event, 'api.examFinished');
      return { progress: event.progress, finishReason: event.progress.finishReason ?? 'endedBySupervisor', finishRecorded: true };
    }),
    /** The root's handler: a supervisor reply not seen yet also counts as unread (the 「求助」 badge). */
    receiveHelpMessage: assign(({ context, event }) => {
      assertEvent(event, 'api.helpMessage');
      return {
        helpMessages: withHelpMessage(context.helpMessages, event.message),
        helpUnread: isNewReply(context.helpMessages, event.message) ? context.helpUnread + 1 : context.helpUnread,
      };
    }),
    /** While the chat is open: the reply is read as it arrives. */
    addHelpMessage: assign(({ context, event }) => {
      assertEvent(event, 'api.helpMessage');
      return { helpMessages: withHelpMessage(context.helpMessages, event.message) };
    }),
    markHelpRead: assign({ helpUnread: 0 }),
    keepHelpDraft: assign(({ event }) => {
      assertEvent(event, 'user.sendHelp');
      return { helpDraft: event.text };
    }),
    assignSentHelp: assign(({ context }, message: HelpMessage) => ({
      helpDraft: null,
      error: null,
      helpMessages: withHelpMessage(context.helpMessages, message),
    })),

    // ---- network, incidents, recordings and upload ----
    setOnline: assign({ online: true }),
    setOffline: assign({ online: false }),
    forwardIncident: sendTo('incidentReporter', ({ event }) => {
      assertEvent(event, 'integrity.incident');
      return { type: 'report' as const, incident: event.incident };
    }),
    raiseIncident: sendTo('incidentReporter', (_, params: { kind: IncidentKind; detail?: string }) => ({ type: 'raise' as const, ...params })),
    raiseCameraEnded: sendTo('incidentReporter', ({ event }) => {
      assertEvent(event, 'media.cameraEnded');
      return { type: 'raise' as const, kind: 'cameraEnded' as const, detail: event.device };
    }),
    // The live view (实时画面) shows exactly what is recorded: it follows the same commands.
    recordScreen: enqueueActions(({ context, enqueue }) => {
      const command = { type: 'record' as const, kind: 'screen' as const, stream: context.screen!.stream };
      enqueue.sendTo('recordings', command);
      enqueue.sendTo('liveView', command);
    }),
    recordCamera: enqueueActions(({ context, enqueue }) => {
      const command = { type: 'record' as const, kind: 'camera' as const, stream: context.capture!.stream };
      enqueue.sendTo('recordings', command);
      enqueue.sendTo('liveView', command);
    }),
    stopRecordings: enqueueActions(({ enqueue }) => {
      enqueue.sendTo('recordings', { type: 'stopAll' as const });
      enqueue.sendTo('liveView', { type: 'stopAll' as const });
    }),
    retryUploads: sendTo('recordings', { type: 'retry' as const }),
    tellRecordingsOnline: sendTo('recordings', ({ context }) => ({ type: 'online' as const, online: context.online })),
    assignRecordings: assign(({ event }) => {
      assertEvent(event, 'upload.progress');
      return { recordings: event.recordings };
    }),
    assignUploadError: assign(({ event }) => {
      assertEvent(event, 'upload.error');
      return { uploadError: event.code };
    }),
    markRecordersStopped: assign({ recordersStopped: true }),
    /** Uploading is entered at the deadline, on 「结束考试」 or on a resume after either. */
    keepFinishReason: assign(({ context }) => ({ finishReason: context.finishReason ?? 'timeUp' })),
    markFinishRecorded: assign({ finishRecorded: true }),
    // R7: the supervisors learn which camera the server refused (a refused call records nothing itself); once per
    // refusal shown, not again for each 「下一步」 while waiting for the waiver.
    raiseVirtualCamera: enqueueActions(({ context, enqueue }) => {
      if (context.error === ErrorCode.VIRTUAL_CAMERA) return;
      enqueue.sendTo('incidentReporter', { type: 'raise' as const, kind: 'virtualCamera' as const, detail: chosenCameraLabel(context) });
    }),
    // ---- 人脸登录 (exam.face-login.ts) ----
    assignFaceChallenge: assign(({ context }, challenge: FaceChallenge) => ({ faceLogin: faceLoginUpdates.challenge(context.faceLogin, challenge) })),
    dropFaceChallenge: assign(({ context }) => ({ faceLogin: faceLoginUpdates.dropChallenge(context.faceLogin) })),
    assignFaceIdNumber: assign(({ context, event }) => {
      assertEvent(event, 'user.captureFace');
      return { faceLogin: faceLoginUpdates.idNumber(context.faceLogin, event.idNumber) };
    }),
    assignFaceFrames: assign(({ context }, frames: readonly Blob[]) => ({ faceLogin: faceLoginUpdates.frames(context.faceLogin, frames) })),
    assignFaces: assign(({ context, event }) => {
      assertEvent(event, 'face.detected');
      return { faceLogin: faceLoginUpdates.faces(context.faceLogin, event.faces) };
    }),
    /** No detector, or it cannot run in this browser: the oval guide stays, the server judges alone. */
    forgetFaces: assign(({ context }) => ({ faceLogin: faceLoginUpdates.faces(context.faceLogin, null) })),
  },
});
