/** examMachine's context at start, and the pure computations its named actions use to update it. */
import type { EventObject } from 'xstate';
import { ErrorCode, ExamError, errorCodeOf } from '../errors/error-codes.js';
import type { HelpMessage } from '../ports/exam-api.port.js';
import type { MediaDeviceList } from '../ports/media-devices.port.js';
import type { BarredReason, ExamContext, ExamInput } from './exam.types.js';
import { INITIAL_FACE_LOGIN } from './exam.face-login.js';

export function initialContext({ input }: { readonly input: ExamInput }): ExamContext {
  return {
    examId: input.examId,
    deviceKey: input.deviceKey,
    checks: [],
    exam: null,
    loginOpensAt: null,
    loginMethod: 'face',
    faceAttempts: 0,
    candidate: null,
    schedule: null,
    progress: null,
    resume: null,
    pairing: null,
    evidence: null,
    requireEvidence: true,
    devices: { cameras: [], microphones: [] },
    cameraId: null,
    microphoneId: null,
    capture: null,
    screen: null,
    volume: 0,
    infoConfirmed: false,
    pledgeAccepted: false,
    noticeAccepted: false,
    questions: [],
    helpMessages: [],
    helpDraft: null,
    helpUnread: 0,
    online: true,
    recordings: [],
    recordersStopped: false,
    finishReason: null,
    finishRecorded: false,
    barredReason: null,
    error: null,
    uploadError: null,
    faceLogin: INITIAL_FACE_LOGIN,
  };
}

/** The code an invoked actor failed with (its xstate.error.actor.* event); INTERNAL_ERROR for an event without one. */
export function actorErrorCode(event: EventObject): ErrorCode {
  return errorCodeOf('error' in event ? event.error : undefined);
}

/** The instant an invoked actor's refusal says the action becomes possible (`opensAt`), when it says one. */
export function actorErrorOpensAt(event: EventObject): number | undefined {
  const error = 'error' in event ? event.error : undefined;
  return error instanceof ExamError ? error.details.opensAt : undefined;
}

/** Why a refused login or entry bars the candidate: the server's reason when it is one, else the late cutoff (R21). */
export function barredReasonOf(code: ErrorCode): BarredReason {
  return code === ErrorCode.LOGIN_CLOSED || code === ErrorCode.EXAM_OVER ? code : ErrorCode.LATE_ENTRY_CLOSED;
}

/** Why a session ended under the candidate: it expired (the evidence deadline passed), or another login took it over. */
export function sessionEndReasonOf(code: ErrorCode): BarredReason {
  return code === ErrorCode.SESSION_EXPIRED ? ErrorCode.SESSION_EXPIRED : ErrorCode.SESSION_REVOKED;
}

/** The conversation with `message` added once (the WebSocket may repeat what a reload already loaded). */
export function withHelpMessage(messages: readonly HelpMessage[], message: HelpMessage): readonly HelpMessage[] {
  return messages.some((m) => m.id === message.id) ? messages : [...messages, message];
}

/** The conversation with every message of `loaded` it does not hold yet, in the order loaded. */
export function withHelpMessages(messages: readonly HelpMessage[], loaded: readonly HelpMessage[]): readonly HelpMessage[] {
  return [...messages, ...loaded.filter((m) => !messages.some((c) => c.id === m.id))];
}

/** A supervisor reply not seen yet: it counts as unread while the help chat is closed (the 「求助」 badge). */
export function isNewReply(messages: readonly HelpMessage[], message: HelpMessage): boolean {
  return message.from === 'supervisor' && !messages.some((m) => m.id === message.id);
}

/** The chosen camera and microphone kept when still plugged in, else the first of each (R16). */
export function keptDevices(context: Pick<ExamContext, 'cameraId' | 'microphoneId'>, devices: MediaDeviceList) {
  const keep = (id: string | null, list: readonly { id: string }[]) => (id && list.some((d) => d.id === id) ? id : (list[0]?.id ?? null));
  return { devices, cameraId: keep(context.cameraId, devices.cameras), microphoneId: keep(context.microphoneId, devices.microphones) };
}
