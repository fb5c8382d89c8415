import { describe, expect, it } from 'vitest';
import { MIN, START, LOGIN_OPENS, codeOf, world } from '../exam-domain.test-kit.js';

describe('the phone (R9, R10)', () => {
  it('pairs with a fresh code for ten minutes, stored hashed', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const me = await w.candidate(0);
    const pairing = w.domain.createPairing(me);
    expect(pairing.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}$/);
    expect(pairing.url).toBe(`https://examroom.test/phone#${pairing.code}`);
    expect(pairing.expiresAt).toBe(LOGIN_OPENS + 10 * MIN);
    expect(w.repo.findPairing(pairing.code)).toBeUndefined();
    w.at(pairing.expiresAt - 1);
    expect(w.domain.pairPhone({ code: pairing.code }, { ip: '1.1.1.1' }).role).toBe('phone');
    const late = w.domain.createPairing(me);
    expect(late.code).not.toBe(pairing.code);
    w.at(late.expiresAt);
    expect(await codeOf(() => w.domain.pairPhone({ code: late.code }, { ip: '1.1.1.1' }))).toBe('PAIRING_FAILED');
    expect(await codeOf(() => w.domain.pairPhone({ code: 'nonexistent' }, { ip: '1.1.1.1' }))).toBe('PAIRING_FAILED');
  });

  it('pairs one phone per code, once; a newer code revokes the older unused ones', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const me = await w.candidate(0);
    const first = w.domain.createPairing(me);
    const second = w.domain.createPairing(me);
    expect(await codeOf(() => w.domain.pairPhone({ code: first.code }, { ip: '1.1.1.1' }))).toBe('PAIRING_FAILED');
    expect(w.domain.pairPhone({ code: second.code }, { ip: '1.1.1.1' }).role).toBe('phone');
    expect(await codeOf(() => w.domain.pairPhone({ code: second.code }, { ip: '1.1.1.1' }))).toBe('PAIRING_FAILED');
    expect(w.repo.listSessions('phone', me.subjectId)).toHaveLength(1);
  });

  it('replaces the phone paired before when a new code pairs another: its session ends, the page is told', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const me = await w.candidate(0);
    const oldToken = w.domain.pairPhone({ code: w.domain.createPairing(me).code }, { ip: '1.1.1.1' }).token;
    const old = w.domain.authenticate(oldToken);
    w.domain.setEvidenceStatus(old, { state: 'recording' });
    w.at(LOGIN_OPENS + MIN);
    // The page asks for a new code (e.g. after a reload): the recording phone keeps going until the code is used.
    const pairing = w.domain.createPairing(await w.candidate(0));
    expect(w.domain.authenticate(oldToken).sessionId).toBe(old.sessionId);
    w.events.length = 0;
    w.ends.length = 0;
    w.at(LOGIN_OPENS + 2 * MIN);
    const token = w.domain.pairPhone({ code: pairing.code }, { ip: '1.1.1.1' }).token;
    expect(w.ends).toEqual([{ sessionId: old.sessionId, role: 'phone', subjectId: me.subjectId, reason: 'PHONE_REPLACED' }]);
    expect(await codeOf(() => w.domain.authenticate(oldToken))).toBe('SESSION_REVOKED');
    const replaced = { state: 'phoneConnected', updatedAt: LOGIN_OPENS + 2 * MIN, phoneReplacedAt: LOGIN_OPENS + 2 * MIN, phoneSeenAt: LOGIN_OPENS + 2 * MIN };
    expect(w.eventsOf('evidence.status')).toEqual([[{ type: 'evidence.status', candidateId: me.subjectId, status: replaced }, { candidateId: me.subjectId, supervisors: true }]]);
    expect(w.domain.getEvidenceStatus(w.domain.authenticate(await w.login(0)))).toEqual(replaced);
    const phone = w.domain.authenticate(token);
    expect(w.domain.setEvidenceStatus(phone, { state: 'recording' }).state).toBe('recording');
  });

  it('moves the evidence status forward only; a repeat changes nothing', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const me = await w.candidate(0);
    expect(w.domain.getEvidenceStatus(me)).toEqual({ state: 'waitingForPhone', updatedAt: START - 60 * MIN });
    w.at(LOGIN_OPENS + 1);
    const phone = await w.phone(0);
    expect(w.domain.getEvidenceStatus(me)).toEqual({ state: 'phoneConnected', updatedAt: LOGIN_OPENS + 1, phoneSeenAt: LOGIN_OPENS + 1 });
    w.at(LOGIN_OPENS + 2);
    expect(w.domain.setEvidenceStatus(phone, { state: 'phoneConnected' })).toEqual({ state: 'phoneConnected', updatedAt: LOGIN_OPENS + 1, phoneSeenAt: LOGIN_OPENS + 1 });
    w.events.length = 0;
    expect(w.domain.setEvidenceStatus(phone, { state: 'recording' })).toEqual({ state: 'recording', updatedAt: LOGIN_OPENS + 2, phoneSeenAt: LOGIN_OPENS + 1 });
    expect(w.eventsOf('evidence.status')).toEqual([
      [{ type: 'evidence.status', candidateId: me.subjectId, status: { state: 'recording', updatedAt: LOGIN_OPENS + 2, phoneSeenAt: LOGIN_OPENS + 1 } }, { candidateId: me.subjectId, supervisors: true }],
    ]);
    expect(await codeOf(() => w.domain.setEvidenceStatus(phone, { state: 'roomScanned' }))).toBe('STAGE_OUT_OF_ORDER');
    expect(w.domain.getEvidenceStatus(me).state).toBe('recording');
  });
});
