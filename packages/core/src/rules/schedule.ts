/**
 * The candidate guide's time rules (docs/requirements.md) as pure functions of a sitting and server time (epoch ms). The server enforces them; the
 * client uses the same functions to show them.
 */

/** Offsets of a sitting's rules. Every field has the candidate guide's default (see DEFAULT_POLICY). */
export interface ExamPolicy {
  /** Login opens this long before the start (R4: 「开考前30分钟」). */
  readonly loginOpensBeforeStartMs: number;
  /** The 「进入考试」 button activates this long before the start when the sitting names no entry time (R12). */
  readonly entryOpensBeforeStartMs: number;
  /** No entry from this long after the start (R21: 2 minutes). */
  readonly lateEntryCutoffMs: number;
  /** Answer time (R1: 5 minutes). */
  readonly answerMs: number;
  /** The phone's evidence video must be uploaded within this long after the end (R30: 60 minutes). */
  readonly evidenceDueAfterEndMs: number;
  /** Whether the phone evidence recording (佐证) must be running before the candidate may go on (R9). */
  readonly requireEvidence: boolean;
  /**
   * The highest average bitrate a recording may have, in bits per second: a recording's upload may hold at most
   * this much per second since it was created (plus RECORDING_HEADER_ALLOWANCE_BYTES). Chromium records about
   * 2.5 Mbit/s of video and 128 kbit/s of audio by default, whatever the size, so 10 Mbit/s leaves a wide margin.
   */
  readonly maxBitrateBps: number;
  /**
   * Whether 人脸登录 is offered: off, the server answers FACE_LOGIN_UNAVAILABLE for the exam whatever verifier it
   * has, and candidates use 普通登录. Read from the exam's policy (a face names no sitting before it is recognised).
   */
  readonly faceLogin: boolean;
}

/** The time zone of an exam that names none: the candidate guide's exams are held on Beijing time. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export const DEFAULT_POLICY: ExamPolicy = Object.freeze({
  loginOpensBeforeStartMs: 30 * 60_000,
  entryOpensBeforeStartMs: 15 * 60_000,
  lateEntryCutoffMs: 2 * 60_000,
  answerMs: 5 * 60_000,
  evidenceDueAfterEndMs: 60 * 60_000,
  requireEvidence: true,
  maxBitrateBps: 10_000_000,
  faceLogin: true,
});

/** A sitting (场次) as the server describes it. */
export interface Sitting {
  readonly id: string;
  /** Display name, e.g. 「第一场」. */
  readonly name: string;
  /** Start of the interview, server epoch ms. */
  readonly startsAt: number;
  /** When the 「进入考试」 button activates; defaults to startsAt − policy.entryOpensBeforeStartMs. */
  readonly entryOpensAt?: number;
  /** Overrides of the exam's default policy for this sitting. */
  readonly policy?: Partial<ExamPolicy>;
}

/** Every instant of a sitting's rules, computed once from the sitting and its policy. */
export interface Schedule {
  readonly policy: ExamPolicy;
  readonly loginOpensAt: number;
  readonly entryOpensAt: number;
  readonly startsAt: number;
  /** First instant at which entering is refused (R21). */
  readonly entryClosesAt: number;
  /** End of the answer time (R1, R18). */
  readonly deadline: number;
  /** The phone's evidence video is due by then (R30). */
  readonly evidenceDueAt: number;
}

export function scheduleOf(sitting: Pick<Sitting, 'startsAt' | 'entryOpensAt' | 'policy'>): Schedule {
  const policy: ExamPolicy = { ...DEFAULT_POLICY, ...definedOnly(sitting.policy) };
  const { startsAt } = sitting;
  const deadline = startsAt + policy.answerMs;
  return {
    policy,
    loginOpensAt: startsAt - policy.loginOpensBeforeStartMs,
    entryOpensAt: sitting.entryOpensAt ?? startsAt - policy.entryOpensBeforeStartMs,
    startsAt,
    entryClosesAt: startsAt + policy.lateEntryCutoffMs,
    deadline,
    evidenceDueAt: deadline + policy.evidenceDueAfterEndMs,
  };
}

/**
 * R4, R21: login is open from loginOpensAt; a candidate who has not entered cannot log in after the cutoff. One who
 * entered may log in until the evidence deadline, so that recordings left on a device after a crash still upload.
 */
export function isLoginOpen(schedule: Schedule, now: number, entered = false): boolean {
  if (now < schedule.loginOpensAt) return false;
  return entered ? now < schedule.evidenceDueAt : now < schedule.entryClosesAt;
}

/** R12, R21: entering is possible from entryOpensAt until the late cutoff; one who already entered may re-enter until the deadline. */
export function isEntryOpen(schedule: Schedule, now: number, entered = false): boolean {
  if (now < schedule.entryOpensAt) return false;
  return entered ? now < schedule.deadline : now < schedule.entryClosesAt;
}

/** R21: too late to enter this sitting. */
export function isEntryClosed(schedule: Schedule, now: number, entered = false): boolean {
  return entered ? now >= schedule.deadline : now >= schedule.entryClosesAt;
}

/** R18: questions are released at the start. */
export function areQuestionsReleased(schedule: Schedule, now: number): boolean {
  return now >= schedule.startsAt;
}

/** R1, R18: the answer time is over. */
export function isPastDeadline(schedule: Schedule, now: number): boolean {
  return now >= schedule.deadline;
}

/** R30: the evidence upload is overdue. */
export function isEvidenceOverdue(schedule: Schedule, now: number): boolean {
  return now >= schedule.evidenceDueAt;
}

/** Milliseconds from now until an instant, never negative. */
export function msUntil(instant: number, now: number): number {
  return Math.max(0, instant - now);
}

/** Of an exam's sittings, the earliest instant at which anyone may log in (before login the sitting is unknown). */
export function earliestLoginOpensAt(sittings: readonly Pick<Sitting, 'startsAt' | 'entryOpensAt' | 'policy'>[], policy?: Partial<ExamPolicy>): number {
  if (sittings.length === 0) return Number.POSITIVE_INFINITY;
  // An override given as undefined falls back to the exam's value, not past it to the guide's default.
  return Math.min(...sittings.map((s) => scheduleOf({ ...s, policy: { ...definedOnly(policy), ...definedOnly(s.policy) } }).loginOpensAt));
}

function definedOnly<T extends object>(partial: Partial<T> | undefined): Partial<T> {
  if (!partial) return {};
  return Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What a supervisor granted one candidate (the interventions), on top of the sitting's policy. */
export interface Accommodation {
  /** Extra answer time in ms (the sum of every extra-time intervention): moves the deadline and all that follows it. */
  readonly extraTimeMs: number;
  /** A supervisor let the candidate in after the late cutoff (R21): they may log in and enter until the deadline. */
  readonly lateEntryAllowed: boolean;
}

export const NO_ACCOMMODATION: Accommodation = Object.freeze({ extraTimeMs: 0, lateEntryAllowed: false });

/**
 * One candidate's policy: the sitting's with their extra answer time, and with the late cutoff moved to their
 * deadline when a supervisor let them in late. Expressed as a policy, so that `scheduleOf` of the sitting with it is
 * the candidate's schedule (deadline, evidenceDueAt, entryClosesAt), on the server and on the page alike.
 */
export function accommodatedPolicy(policy: ExamPolicy, accommodation: Accommodation): ExamPolicy {
  const answerMs = policy.answerMs + accommodation.extraTimeMs;
  const lateEntryCutoffMs = accommodation.lateEntryAllowed ? Math.max(policy.lateEntryCutoffMs, answerMs) : policy.lateEntryCutoffMs;
  return { ...policy, answerMs, lateEntryCutoffMs };
}
