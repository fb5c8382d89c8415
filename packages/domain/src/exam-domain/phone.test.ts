import { describe, expect, it } from 'vitest';
import { MIN, START, LOGIN_OPENS, codeOf, world } from '../exam-domain.test-kit.js';

describe('the phone (R9, R10)', () => {
  it('pairs with a fresh code for ten minutes, stored hashed', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const me = await w.candidate(0);
    const pairing = await w.domain.createPairing(me);
    expect(pairing.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}$/);
    expect(pairing.url).toBe(`https://examroom.test/phone#${pairing.code}`);
    expect(pairing.expiresAt).toBe(LOGIN_OPENS + 10 * MIN);
    expect(await w.repo.findPairing(pairing.code)).toBeUndefined();
    w.at(pairing.expiresAt - 1);
    expect((await w.domain.pairPhone({ code: pairing.code }, { ip: '1.1.1.1' })).role).toBe('phone');
    const late = await w.domain.createPairing(me);
    expect(late.code).not.toBe(pairing.code);
    w.at(late.expiresAt);
    expect(await codeOf(() => w.domain.pairPhone({ code: late.code }, { ip: '1.1.1.1' }))).toBe('PAIRING_FAILED');
    expect(await codeOf(() => w.domain.pairPhone({ code: 'nonexistent' }, { ip: '1.1.1.1' }))).toBe('PAIRING_FAILED');
  });

  it('pairs one phone per code, once; a newer code revokes the older unused ones', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const me = await w.candidate(0);
    const first = await w.domain.createPairing(me);
    const second = await w.domain.createPairing(me);
    expect(await codeOf(() => w.domain.pairPhone({ code: first.code }, { ip: '1.1.1.1' }))).toBe('PAIRING_FAILED');
    expect((await w.domain.pairPhone({ code: second.code }, { ip: '1.1.1.1' })).role).toBe('phone');
    expect(await codeOf(() => w.domain.pairPhone({ code: second.code }, { ip: '1.1.1.1' }))).toBe('PAIRING_FAILED');
    expect(await w.repo.listSessions('phone', me.subjectId)).toHaveLength(1);
  });

  it('replaces the phone paired before when a new code pairs another: its session ends, the page is told', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const me = await w.candidate(0);
    const oldToken = (await w.domain.pairPhone({ code: (await w.domain.createPairing(me)).code }, { ip: '1.1.1.1' })).token;
    const old = await w.domain.authenticate(oldToken);
    await w.domain.setEvidenceStatus(old, { state: 'recording' });
    w.at(LOGIN_OPENS + MIN);
    // The page asks for a new code (e.g. after a reload): the recording phone keeps going until the code is used.
    const pairing = await w.domain.createPairing(await w.candidate(0));
    expect((await w.domain.authenticate(oldToken)).sessionId).toBe(old.sessionId);
    w.events.length = 0;
    w.ends.length = 0;
    w.at(LOGIN_OPENS + 2 * MIN);
    const token = (await w.domain.pairPhone({ code: pairing.code }, { ip: '1.1.1.1' })).token;
    expect(w.ends).toEqual([{ sessionId: old.sessionId, role: 'phone', subjectId: me.subjectId, reason: 'PHONE_REPLACED' }]);
    expect(await codeOf(() => w.domain.authenticate(oldToken))).toBe('SESSION_REVOKED');
    const replaced = { state: 'phoneConnected', updatedAt: LOGIN_OPENS + 2 * MIN, phoneReplacedAt: LOGIN_OPENS + 2 * MIN, phoneSeenAt: LOGIN_OPENS + 2 * MIN };
    expect(w.eventsOf('evidence.status')).toEqual([[{ type: 'evidence.status', candidateId: me.subjectId, status: replaced }, { candidateId: me.subjectId, supervisors: true }]]);
    expect(await w.domain.getEvidenceStatus(await w.domain.authenticate(await w.login(0)))).toEqual(replaced);
    const phone = await w.domain.authenticate(token);
    expect((await w.domain.setEvidenceStatus(phone, { state: 'recording' })).state).toBe('recording');
  });

  it('moves the evidence status forward only; a repeat changes nothing', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const me = await w.candidate(0);
    expect(await w.domain.getEvidenceStatus(me)).toEqual({ state: 'waitingForPhone', updatedAt: START - 60 * MIN });
    w.at(LOGIN_OPENS + 1);
    const phone = await w.phone(0);
    expect(await w.domain.getEvidenceStatus(me)).toEqual({ state: 'phoneConnected', updatedAt: LOGIN_OPENS + 1, phoneSeenAt: LOGIN_OPENS + 1 });
    w.at(LOGIN_OPENS + 2);
    expect(await w.domain.setEvidenceStatus(phone, { state: 'phoneConnected' })).toEqual({ state: 'phoneConnected', updatedAt: LOGIN_OPENS + 1, phoneSeenAt: LOGIN_OPENS + 1 });
    w.events.length = 0;
    expect(await w.domain.setEvidenceStatus(phone, { state: 'recording' })).toEqual({ state: 'recording', updatedAt: LOGIN_OPENS + 2, phoneSeenAt: LOGIN_OPENS + 1 });
    expect(w.eventsOf('evidence.status')).toEqual([
      [{ type: 'evidence.status', candidateId: me.subjectId, status: { state: 'recording', updatedAt: LOGIN_OPENS + 2, phoneSeenAt: LOGIN_OPENS + 1 } }, { candidateId: me.subjectId, supervisors: true }],
    ]);
    expect(await codeOf(() => w.domain.setEvidenceStatus(phone, { state: 'roomScanned' }))).toBe('STAGE_OUT_OF_ORDER');
    expect((await w.domain.getEvidenceStatus(me)).state).toBe('recording');
  });
});
