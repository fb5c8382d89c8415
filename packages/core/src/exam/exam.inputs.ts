/** What each invoked actor is given, read from context; named so that the state configs hold no functions. */
import { assertEvent } from 'xstate';
import { windowLockKey } from './actors/window-lock.js';
import { chosenCameraLabel } from './exam.virtual-camera.js';
import type { ExamContext, ExamEvent } from './exam.types.js';

type Args = { readonly context: ExamContext; readonly event: ExamEvent };

export const examId = ({ context }: Args) => ({ examId: context.examId });

/** R6: the lock one window of this browser holds for the exam. */
export const windowLock = ({ context }: Args) => ({ key: windowLockKey(context.examId) });

/** R4: login opens at the earliest sitting's startsAt − 30 min. */
export const loginOpens = ({ context }: Args) => ({ at: context.loginOpensAt ?? 0, event: 'clock.loginOpened' as const });

export const chosenDevices = ({ context }: Args) => ({ cameraId: context.cameraId, microphoneId: context.microphoneId });

/** 设备确认 with the chosen camera's label, which the server judges for R7 (no virtual or filter camera). */
export const deviceConfirmation = ({ context }: Args) => ({ kind: 'devices' as const, cameraLabel: chosenCameraLabel(context) });


/** From the user.submitPassword that led to submitting. */
export const passwordLogin = ({ context, event }: Args) => {
  assertEvent(event, 'user.submitPassword');
  return { examId: context.examId, deviceKey: context.deviceKey, idNumber: event.idNumber.trim(), password: event.password };
};

/** R12: 「进入考试」 opens at entryOpensAt. */
export const entryOpens = ({ context }: Args) => ({ at: context.schedule?.entryOpensAt ?? 0, event: 'clock.entryOpened' as const });

/** R21: one who has not entered is barred at entryClosesAt (one who entered comes back through resuming instead). */
export const entryCloses = ({ context }: Args) => ({ at: context.schedule?.entryClosesAt ?? 0, event: 'clock.entryClosed' as const });

/** R18: the countdown ends at startsAt. */
export const examStarts = ({ context }: Args) => ({ at: context.schedule?.startsAt ?? 0, event: 'clock.started' as const });

/** R18, R29: the server's deadline ends the exam. */
export const deadline = ({ context }: Args) => ({ at: context.schedule?.deadline ?? 0, event: 'clock.deadlineReached' as const });

export const capture = ({ context }: Args) => ({ capture: context.capture });

export const tracks = ({ context }: Args) => ({ capture: context.capture, screen: context.screen });

export const helpDraft = ({ context }: Args) => ({ text: context.helpDraft ?? '' });

export const finishReason = ({ context }: Args) => ({ reason: context.finishReason ?? 'timeUp' });

/** R9: a pairing code pairs for PAIRING_TTL_MS; the one on screen is replaced when it expires. */
export const pairingExpires = ({ context }: Args) => ({ at: context.pairing?.expiresAt ?? 0, event: 'clock.pairingExpired' as const });
