import { describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '@examroom/adapters/rest';
import type { Audience, Principal, SessionEnd } from './dispatcher.types.js';
import { isLiveEventFor, liveAuthToken, liveLookups, watchLiveSession, type LiveCloseReason } from './live-delivery.js';
import { createMovableClock } from './movable-clock.js';
import { createMemoryRepository } from './memory-repository.js';
import { newCandidateRow } from './repository.js';

async function world() {
  const repo = createMemoryRepository();
  await repo.insertExam({ id: 'exam-1', title: 'A', policy: {}, timeZone: 'Asia/Shanghai' });
  await repo.insertExam({ id: 'exam-2', title: 'B', policy: {}, timeZone: 'Asia/Shanghai' });
  await repo.insertSitting({ id: 'sit-1', examId: 'exam-1', name: '1', startsAt: 0, entryOpensAt: null, policy: {} });
  const candidate = { examId: 'exam-1', sittingId: 'sit-1', name: 'x', admissionNumber: '1', passwordHash: 'h' };
  await repo.insertCandidate(newCandidateRow({ ...candidate, id: 'cand-a', idNumberHash: 'h-a', idNumberMasked: '1101**********0011' }, 0));
  await repo.insertCandidate(newCandidateRow({ ...candidate, id: 'cand-b', idNumberHash: 'h-b', idNumberMasked: '1101**********0022' }, 0));
  await repo.insertSupervisor({ id: 'sup-1', username: 'one', passwordHash: 'h', examIds: ['exam-1'] });
  await repo.insertSupervisor({ id: 'sup-2', username: 'two', passwordHash: 'h', examIds: ['exam-2'] });
  await repo.insertSession({ id: 'ses-a', tokenHash: 't-a', role: 'candidate', subjectId: 'cand-a', deviceKey: 'k', createdAt: 0, lastSeenAt: 0, revokedAt: null });
  await repo.insertSession({ id: 'ses-a-old', tokenHash: 't-o', role: 'candidate', subjectId: 'cand-a', deviceKey: 'k', createdAt: 0, lastSeenAt: 0, revokedAt: 5 });
  return repo;
}

const candidateA: Principal = { role: 'candidate', sessionId: 'ses-a', subjectId: 'cand-a' };
const phoneA: Principal = { role: 'phone', sessionId: 'ses-p', subjectId: 'cand-a' };
const oldA: Principal = { role: 'candidate', sessionId: 'ses-a-old', subjectId: 'cand-a' };
const supervisorOne: Principal = { role: 'supervisor', sessionId: 'ses-s1', subjectId: 'sup-1' };
const supervisorTwo: Principal = { role: 'supervisor', sessionId: 'ses-s2', subjectId: 'sup-2' };

const help: LiveEvent = { type: 'help.message', candidateId: 'cand-a', message: { id: 'm', from: 'supervisor', text: 'x', at: 1 } };
const revoked: LiveEvent = { type: 'session.revoked', candidateId: 'cand-a', reason: 'SESSION_REVOKED' };
const toA: Audience = { candidateId: 'cand-a', supervisors: true };

describe('who receives a live event', async () => {
  const repo = await world();
  const isFor = (principal: Principal, event: LiveEvent, audience: Audience) => isLiveEventFor(principal, event, audience, liveLookups(repo, principal));

  it('gives the candidate’s browser their candidate’s events, never another’s', async () => {
    expect(await isFor(candidateA, help, toA)).toBe(true);
    expect(await isFor({ ...candidateA, subjectId: 'cand-b' }, help, toA)).toBe(false);
  });

  it('gives the phone only the evidence status and its own end, never the help chat', async () => {
    const evidence: LiveEvent = { type: 'evidence.status', candidateId: 'cand-a', status: { state: 'recording', updatedAt: 1 } };
    expect(await isFor(phoneA, help, toA)).toBe(false);
    expect(await isFor(phoneA, evidence, toA)).toBe(true);
    expect(await isFor(phoneA, revoked, { candidateId: 'cand-a', supervisors: false, sessionId: 'ses-p' })).toBe(true);
    expect(await isFor(phoneA, revoked, { candidateId: 'cand-a', supervisors: false, sessionId: 'ses-a' })).toBe(false);
  });

  it('gives supervisors the events meant for them, of the exams they watch only', async () => {
    expect(await isFor(supervisorOne, help, toA)).toBe(true);
    expect(await isFor(supervisorTwo, help, toA)).toBe(false);
    expect(await isFor(supervisorOne, revoked, { candidateId: 'cand-a', supervisors: false })).toBe(false);
  });

  it('keeps candidate.status for supervisors, and an event for one session to that session', async () => {
    const status = { type: 'candidate.status', status: {} } as unknown as LiveEvent;
    expect(await isFor(candidateA, status, toA)).toBe(false);
    const onlyOld: Audience = { candidateId: 'cand-a', supervisors: false, sessionId: 'ses-a-old' };
    expect([await isFor(oldA, revoked, onlyOld), await isFor(candidateA, revoked, onlyOld)]).toEqual([true, false]);
  });

});

/** After every check the watcher started has answered (they answer at once: one turn of the event loop is enough). */
const checked = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A domain stand-in for the watcher: sessions end when the test says, expire at `expiresAt`. */
function fakeDomain(clock: { now(): number }, expiresAt: () => number) {
  const listeners = new Set<(end: SessionEnd) => void>();
  let ended: string | null = null;
  return {
    checkSession: vi.fn(async () => {
      if (ended) throw Object.assign(new Error(ended), { code: ended });
      if (clock.now() >= expiresAt()) throw Object.assign(new Error('expired'), { code: 'SESSION_EXPIRED' });
      return { expiresAt: expiresAt() };
    }),
    subscribeSessionEnds(listener: (end: SessionEnd) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    end(end: SessionEnd) {
      ended = 'SESSION_REVOKED';
      for (const listener of [...listeners]) listener(end);
    },
    listeners,
  };
}

describe('watchLiveSession', () => {
  const endsOf = () => {
    const ends: [LiveEvent | null, LiveCloseReason][] = [];
    return { ends, end: (last: LiveEvent | null, reason: LiveCloseReason) => void ends.push([last, reason]) };
  };

  it('ends a phone’s socket at once when its session is replaced, telling it why, and only once', async () => {
    const clock = createMovableClock(() => 1_000);
    const domain = fakeDomain(clock, () => 10_000);
    const { ends, end } = endsOf();
    await watchLiveSession(domain, phoneA, clock, end);
    domain.end({ sessionId: 'ses-other', role: 'phone', subjectId: 'cand-a', reason: 'PHONE_REPLACED' });
    expect(ends).toEqual([]);
    domain.end({ sessionId: 'ses-p', role: 'phone', subjectId: 'cand-a', reason: 'PHONE_REPLACED' });
    domain.end({ sessionId: 'ses-p', role: 'phone', subjectId: 'cand-a', reason: 'PHONE_REPLACED' });
    expect(ends).toEqual([[{ type: 'session.revoked', candidateId: 'cand-a', reason: 'PHONE_REPLACED' }, 'SESSION_REVOKED']]);
    expect(domain.listeners.size).toBe(0);
  });

  it('ends a socket when the dev clock moves past its session’s expiry', async () => {
    const clock = createMovableClock(() => 1_000);
    const domain = fakeDomain(clock, () => 10_000);
    const { ends, end } = endsOf();
    await watchLiveSession(domain, candidateA, clock, end);
    clock.set(9_999);
    await checked();
    expect(ends).toEqual([]);
    clock.set(10_000);
    await checked();
    expect(ends).toEqual([[{ type: 'session.revoked', candidateId: 'cand-a', reason: 'SESSION_EXPIRED' }, 'SESSION_EXPIRED']]);
  });

  it('ends a socket by a timer at its expiry in real time, and a supervisor’s without an event', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const clock = { now: () => Date.now() };
      let expiresAt = 5_000;
      const domain = fakeDomain(clock, () => expiresAt);
      const { ends, end } = endsOf();
      await watchLiveSession(domain, supervisorOne, clock, end);
      // Used meanwhile: the sliding end moved on, and the timer waits again.
      expiresAt = 8_000;
      await vi.advanceTimersByTimeAsync(5_000);
      expect(ends).toEqual([]);
      await vi.advanceTimersByTimeAsync(3_000);
      expect(ends).toEqual([[null, 'SESSION_EXPIRED']]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops watching when the socket closes first', async () => {
    const clock = createMovableClock(() => 1_000);
    const domain = fakeDomain(clock, () => 10_000);
    const { ends, end } = endsOf();
    const stop = await watchLiveSession(domain, candidateA, clock, end);
    stop();
    clock.set(20_000);
    domain.end({ sessionId: 'ses-a', role: 'candidate', subjectId: 'cand-a', reason: 'SESSION_REVOKED' });
    expect(ends).toEqual([]);
  });
});

describe('liveAuthToken', () => {
  it.each([
    ['{"type":"auth","token":"abc"}', 'abc'],
    ['{"type":"auth"}', null],
    ['{"type":"subscribe","token":"abc"}', null],
    ['hello', null],
    ['null', null],
    [JSON.stringify({ type: 'auth', token: 'x'.repeat(201) }), null],
  ])('%s → %s', (message, token) => {
    expect(liveAuthToken(message)).toBe(token);
  });
});
