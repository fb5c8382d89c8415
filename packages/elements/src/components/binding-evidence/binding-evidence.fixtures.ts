/** View models of 佐证绑定 for tests and stories, one per state the stage can show. */
import type { BindingEvidenceView } from '@examroom/core';

const pairing = {
  code: 'K7M2Q9',
  url: 'https://exam.example.edu/phone/pair?code=K7M2Q9',
  expiresAt: Date.UTC(2026, 1, 28, 1, 50),
} as const;

const waiting = {
  stage: 'bindingEvidence',
  phase: 'waiting',
  pairing,
  evidence: null,
  requireEvidence: true,
  phoneReplaced: false,
  canContinue: false,
  error: null,
} satisfies BindingEvidenceView;

export const bindingEvidenceViews = {
  pairing: { ...waiting, phase: 'pairing', pairing: null },
  failed: { ...waiting, phase: 'failed', pairing: null, error: 'PAIRING_FAILED' },
  waitingForPhone: waiting,
  phoneConnected: { ...waiting, evidence: 'phoneConnected' },
  roomScanned: { ...waiting, evidence: 'roomScanned' },
  recording: { ...waiting, evidence: 'recording', canContinue: true },
  notRecordingYet: { ...waiting, evidence: 'phoneConnected', error: 'EVIDENCE_NOT_RECORDING' },
  notRequired: { ...waiting, requireEvidence: false, canContinue: true },
  phoneReplaced: { ...waiting, evidence: 'phoneConnected', phoneReplaced: true },
} satisfies Record<string, BindingEvidenceView>;
