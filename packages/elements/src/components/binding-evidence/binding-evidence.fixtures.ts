/** View models of 佐证绑定 for tests and stories, one per state the stage can show. */
import type { BindingEvidenceView, PhoneStatusView } from '@examroom/core';

const pairing = {
  code: 'K7M2-Q9XT',
  url: 'https://exam.example.edu/phone#code=K7M2Q9XT',
  phonePage: 'https://exam.example.edu/phone',
  expiresAt: Date.UTC(2026, 1, 28, 1, 50),
} as const;

/** Server time in the fixtures: ten minutes before the code expires. */
export const bindingEvidenceNow = pairing.expiresAt - 10 * 60_000;

const noPhone: PhoneStatusView = { state: 'waitingForPhone', required: true, replaced: false, bytesReceived: null, bytesExpected: null, percent: null, silentFrom: null };

/** A phone at work, last heard from 20 s ago. */
const phoneAt = (state: PhoneStatusView['state'], patch: Partial<PhoneStatusView> = {}): PhoneStatusView => ({
  ...noPhone,
  state,
  silentFrom: bindingEvidenceNow - 20_000 + 60_000,
  ...patch,
});

const waiting = {
  stage: 'bindingEvidence',
  phase: 'waiting',
  pairing,
  phone: noPhone,
  canContinue: false,
  error: null,
} satisfies BindingEvidenceView;

export const bindingEvidenceViews = {
  pairing: { ...waiting, phase: 'pairing', pairing: null },
  /** A fresh code is being made after the one on screen paired the phone: the phone's status stays in view. */
  refreshing: { ...waiting, phase: 'pairing', phone: phoneAt('phoneConnected') },
  failed: { ...waiting, phase: 'failed', pairing: null, error: 'PAIRING_FAILED' },
  waitingForPhone: waiting,
  phoneConnected: { ...waiting, phone: phoneAt('phoneConnected') },
  roomScanned: { ...waiting, phone: phoneAt('roomScanned') },
  recording: { ...waiting, phone: phoneAt('recording'), canContinue: true },
  notRecordingYet: { ...waiting, phone: phoneAt('phoneConnected'), error: 'EVIDENCE_NOT_RECORDING' },
  notRequired: { ...waiting, phone: { ...noPhone, required: false }, canContinue: true },
  phoneReplaced: { ...waiting, phone: phoneAt('phoneConnected', { replaced: true }) },
  /** Not heard from for 90 s (more than PHONE_SILENT_AFTER_MS). */
  phoneSilent: { ...waiting, phone: phoneAt('roomScanned', { silentFrom: bindingEvidenceNow - 30_000 }) },
  /** Stopped before the interview: it must be paired again and record. */
  phoneStopped: { ...waiting, phone: phoneAt('stopped') },
} satisfies Record<string, BindingEvidenceView>;
