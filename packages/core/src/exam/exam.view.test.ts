/** The phone as the PC shows it: the pairing code to type, and when a phone counts as silent. */
import { describe, expect, it } from 'vitest';
import type { EvidenceStatus, Pairing } from '../ports/exam-api.port.js';
import { PHONE_SILENT_AFTER_MS } from '../rules/phone-device.js';
import { initialContext } from './exam.context.js';
import { isPhoneSilent, selectPairingCode, selectPhoneStatus } from './exam.view.js';
import type { ExamContext } from './exam.types.js';

const NOW = Date.UTC(2026, 1, 28, 2, 0);
const snapshot = (patch: Partial<ExamContext>) => ({ context: { ...initialContext({ input: { examId: 'exam-demo', deviceKey: 'd' } }), ...patch } });
const pairing = (code: string): Pairing => ({ code, url: `https://exam.example.edu/phone#code=${code}`, expiresAt: NOW + 600_000 });
const evidence = (patch: Partial<EvidenceStatus>): EvidenceStatus => ({ state: 'recording', updatedAt: NOW, ...patch });

describe('selectPairingCode', () => {
  it('shows a code of the pairing alphabet as two groups of four, with the phone page without the code', () => {
    expect(selectPairingCode(snapshot({ pairing: pairing('k7m2q9xt') }))).toEqual({
      url: 'https://exam.example.edu/phone#code=k7m2q9xt',
      code: 'K7M2-Q9XT',
      phonePage: 'https://exam.example.edu/phone',
      expiresAt: NOW + 600_000,
    });
  });

  it('shows a code of another form exactly as given (it may be case-sensitive), and nothing before there is one', () => {
    expect(selectPairingCode(snapshot({ pairing: pairing('aB3dE5fG7hJ9') }))?.code).toBe('aB3dE5fG7hJ9');
    expect(selectPairingCode(snapshot({ pairing: null }))).toBeNull();
  });
});

describe('selectPhoneStatus and isPhoneSilent', () => {
  it('counts a phone at work as silent from its last request + PHONE_SILENT_AFTER_MS, by the server time given', () => {
    const phone = selectPhoneStatus(snapshot({ evidence: evidence({ phoneSeenAt: NOW }) }));
    expect(phone.silentFrom).toBe(NOW + PHONE_SILENT_AFTER_MS);
    expect(isPhoneSilent(phone, NOW + PHONE_SILENT_AFTER_MS)).toBe(false);
    expect(isPhoneSilent(phone, NOW + PHONE_SILENT_AFTER_MS + 1)).toBe(true);
  });

  it('claims no silence without a phone at work, without a last request, or while the PC is offline', () => {
    for (const state of ['waitingForPhone', 'uploaded'] as const) {
      expect(selectPhoneStatus(snapshot({ evidence: evidence({ state, phoneSeenAt: NOW }) })).silentFrom).toBeNull();
    }
    expect(selectPhoneStatus(snapshot({ evidence: evidence({}) })).silentFrom).toBeNull();
    expect(selectPhoneStatus(snapshot({ evidence: evidence({ phoneSeenAt: NOW }), online: false })).silentFrom).toBeNull();
    expect(isPhoneSilent({ silentFrom: null }, NOW * 2)).toBe(false);
  });

  it('gives the upload as a whole percent of the declared size, 100 only once uploaded', () => {
    expect(selectPhoneStatus(snapshot({ evidence: evidence({ state: 'stopped', bytesReceived: 999, bytesExpected: 1_000 }) })).percent).toBe(99);
    expect(selectPhoneStatus(snapshot({ evidence: evidence({ state: 'stopped', bytesReceived: 1_000, bytesExpected: 1_000 }) })).percent).toBe(99);
    expect(selectPhoneStatus(snapshot({ evidence: evidence({ state: 'uploaded', bytesReceived: 1_000, bytesExpected: 1_000 }) })).percent).toBe(100);
    expect(selectPhoneStatus(snapshot({ evidence: evidence({ bytesReceived: 500 }) })).percent).toBeNull();
  });

  it('says the phone was replaced until the new phone records', () => {
    expect(selectPhoneStatus(snapshot({ evidence: evidence({ state: 'phoneConnected', phoneReplacedAt: NOW }) })).replaced).toBe(true);
    expect(selectPhoneStatus(snapshot({ evidence: evidence({ state: 'recording', phoneReplacedAt: NOW }) })).replaced).toBe(false);
  });
});
