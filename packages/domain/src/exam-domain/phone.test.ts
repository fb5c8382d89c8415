import { describe, expect, it } from 'vitest';
import { MIN, START, LOGIN_OPENS, codeOf, world } from '../exam-domain.test-kit.js';

describe('the phone (R9, R10)', () => {
  it('pairs with a fresh code for ten minutes, stored hashed', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const me = await w.candidate(0);
    const pairing = w.domain.createPairing(me);
    expect(pairing.code).toMatch(/^[A-Za-z0-9]{8,}$/);
    expect(pairing.url).toBe(`https://examroom.test/phone#${pairing.code}`);
    expect(pairing.expiresAt).toBe(LOGIN_OPENS + 10 * MIN);
    expect(w.repo.findPairing(pairing.code)).toBeUndefined();
    expect(w.domain.createPairing(me).code).not.toBe(pairing.code);
    w.at(pairing.expiresAt - 1);
    expect(w.domain.pairPhone({ code: pairing.code }, { ip: '1.1.1.1' }).role).toBe('phone');
    w.at(pairing.expiresAt);
    expect(await codeOf(() => w.domain.pairPhone({ code: pairing.code }, { ip: '1.1.1.1' }))).toBe('PAIRING_FAILED');
    expect(await codeOf(() => w.domain.pairPhone({ code: 'nonexistent' }, { ip: '1.1.1.1' }))).toBe('PAIRING_FAILED');
  });

  it('moves the evidence status forward only; a repeat changes nothing', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const me = await w.candidate(0);
    expect(w.domain.getEvidenceStatus(me)).toEqual({ state: 'waitingForPhone', updatedAt: START - 60 * MIN });
    w.at(LOGIN_OPENS + 1);
    const phone = await w.phone(0);
    expect(w.domain.getEvidenceStatus(me)).toEqual({ state: 'phoneConnected', updatedAt: LOGIN_OPENS + 1 });
    w.at(LOGIN_OPENS + 2);
    expect(w.domain.setEvidenceStatus(phone, { state: 'phoneConnected' })).toEqual({ state: 'phoneConnected', updatedAt: LOGIN_OPENS + 1 });
    w.events.length = 0;
    expect(w.domain.setEvidenceStatus(phone, { state: 'recording' })).toEqual({ state: 'recording', updatedAt: LOGIN_OPENS + 2 });
    expect(w.eventsOf('evidence.status')).toEqual([
      [{ type: 'evidence.status', candidateId: me.subjectId, status: { state: 'recording', updatedAt: LOGIN_OPENS + 2 } }, { candidateId: me.subjectId, supervisors: true }],
    ]);
    expect(await codeOf(() => w.domain.setEvidenceStatus(phone, { state: 'roomScanned' }))).toBe('STAGE_OUT_OF_ORDER');
    expect(w.domain.getEvidenceStatus(me).state).toBe('recording');
  });
});
