/** What the stages' view selectors share: the snapshot type, the live preview, and reading a phase from tags. */
import type { SnapshotFrom } from 'xstate';
import type { EvidenceState } from '../ports/exam-api.port.js';
import { formatPairingCode, isPairingCode } from '../rules/pairing-code.js';
import { PHONE_SILENT_AFTER_MS } from '../rules/phone-device.js';
import { DEFAULT_TIME_ZONE } from '../rules/schedule.js';
import type { Stage } from '../rules/stages.js';
import { phoneReplaced } from './exam.guards.js';
import type { ExamMachine } from './exam.machine.js';
import type { ExamContext } from './exam.types.js';

export type ExamSnapshot = SnapshotFrom<ExamMachine>;

/** The live camera and microphone preview: an open stream for a <video>, and the level for the volume bar. */
export interface PreviewView {
  /** The open camera and microphone, or null while none is open. */
  readonly stream: MediaStream | null;
  /** 0…1. */
  readonly volume: number;
}

export function selectPreview({ context }: ExamSnapshot): PreviewView {
  return { stream: context.capture?.stream ?? null, volume: context.volume };
}

/** The time zone the page shows the exam's instants in: the exam's own, never the browser's (UTC on many kiosks). */
export function selectTimeZone({ context }: ExamSnapshot): string {
  return context.exam?.timeZone ?? DEFAULT_TIME_ZONE;
}

/** The first of `phases` whose tag `<prefix>:<phase>` an active state node carries, e.g. `login:notOpen`. */
export function phaseOf<P extends string>(snapshot: ExamSnapshot, prefix: Stage | 'resuming' | 'barred' | `${Stage | 'resuming' | 'barred'}:${string}`, phases: readonly P[]): P | undefined {
  return phases.find((phase) => snapshot.hasTag(`${prefix}:${phase}`));
}

/** The pairing code as the PC shows it (佐证绑定, and 「重新绑定手机」 while answering). */
export interface PairingCodeView {
  /** The link the QR code encodes (the code in its fragment). */
  readonly url: string;
  /** The code to type on the phone page, as shown: `ABCD-EFGH`. */
  readonly code: string;
  /** The phone page's address without the code, for a candidate who opens it by hand and types the code. */
  readonly phonePage: string;
  /** Server time after which the code no longer pairs; the machine fetches a fresh one then. */
  readonly expiresAt: number;
}

export function selectPairingCode({ context }: { readonly context: ExamContext }): PairingCodeView | null {
  const { pairing } = context;
  if (!pairing) return null;
  // A code of another form (a backend with codes of its own) is shown exactly as given: it may be case-sensitive.
  const code = isPairingCode(pairing.code) ? formatPairingCode(pairing.code) : pairing.code;
  return { url: pairing.url, code, phonePage: pairing.url.split('#')[0]!, expiresAt: pairing.expiresAt };
}

/** The phone's evidence recording as the PC shows it (R9, R10, R30), in 佐证绑定, 开始答题 and 上传成功. */
export interface PhoneStatusView {
  /** Where the evidence stands, as the server last said; null before it is known. */
  readonly state: EvidenceState | null;
  /** Whether the exam requires the phone recording. */
  readonly required: boolean;
  /** Another phone took over with a new code and does not record yet: 「手机已更换，请用新手机继续录制」. */
  readonly replaced: boolean;
  /** Bytes of evidence the server has received (「已上传 x MB」); null while unknown. */
  readonly bytesReceived: number | null;
  /** The whole evidence in bytes, known once the phone stopped; null before. */
  readonly bytesExpected: number | null;
  /** bytesReceived of bytesExpected, 0…100, 100 only once uploaded; null while the whole is unknown. */
  readonly percent: number | null;
  /**
   * Server time from which the phone counts as silent (「手机无响应」) unless the server hears from it again: its last
   * request + PHONE_SILENT_AFTER_MS. Null where silence means nothing (no phone yet, uploaded) or is not known (the
   * PC is offline, so its news of the phone are old). Compared with the shell's server time: `isPhoneSilent`.
   */
  readonly silentFrom: number | null;
}

/** The phone states in which the phone is at work and talks to the server (heartbeats, reports, uploads). */
const PHONE_AT_WORK: readonly EvidenceState[] = ['phoneConnected', 'roomScanned', 'recording', 'stopped'];

export function selectPhoneStatus({ context }: { readonly context: ExamContext }): PhoneStatusView {
  const evidence = context.evidence;
  const state = evidence?.state ?? null;
  const bytesReceived = evidence?.bytesReceived ?? null;
  const bytesExpected = evidence?.bytesExpected ?? null;
  const atWork = state !== null && PHONE_AT_WORK.includes(state);
  return {
    state,
    required: context.requireEvidence,
    replaced: phoneReplaced({ context }),
    bytesReceived,
    bytesExpected,
    percent: state === 'uploaded' ? 100 : bytesExpected !== null && bytesExpected > 0 ? Math.min(99, Math.floor(((bytesReceived ?? 0) / bytesExpected) * 100)) : null,
    silentFrom: atWork && context.online && evidence?.phoneSeenAt !== undefined ? evidence.phoneSeenAt + PHONE_SILENT_AFTER_MS : null,
  };
}

/** 「手机无响应」: the server has not heard from a phone at work for longer than PHONE_SILENT_AFTER_MS, at server time `now`. */
export function isPhoneSilent(phone: Pick<PhoneStatusView, 'silentFrom'>, now: number): boolean {
  return phone.silentFrom !== null && now > phone.silentFrom;
}
