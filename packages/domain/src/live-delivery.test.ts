import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '@examroom/adapters/rest';
import type { Audience, Principal } from './dispatcher.types.js';
import { closesLiveSession, isLiveEventFor, liveAuthToken, liveLookups } from './live-delivery.js';
import { createMemoryRepository } from './memory-repository.js';
import { newCandidateRow } from './repository.js';

function world() {
  const repo = createMemoryRepository();
  repo.insertExam({ id: 'exam-1', title: 'A', policy: {}, timeZone: 'Asia/Shanghai' });
  repo.insertExam({ id: 'exam-2', title: 'B', policy: {}, timeZone: 'Asia/Shanghai' });
  repo.insertSitting({ id: 'sit-1', examId: 'exam-1', name: '1', startsAt: 0, entryOpensAt: null, policy: {} });
  const candidate = { examId: 'exam-1', sittingId: 'sit-1', name: 'x', admissionNumber: '1', passwordHash: 'h' };
  repo.insertCandidate(newCandidateRow({ ...candidate, id: 'cand-a', idNumber: '110101200001010011' }, 0));
  repo.insertCandidate(newCandidateRow({ ...candidate, id: 'cand-b', idNumber: '110101200001010022' }, 0));
  repo.insertSupervisor({ id: 'sup-1', username: 'one', passwordHash: 'h', examIds: ['exam-1'] });
  repo.insertSupervisor({ id: 'sup-2', username: 'two', passwordHash: 'h', examIds: ['exam-2'] });
  repo.insertSession({ id: 'ses-a', tokenHash: 't-a', role: 'candidate', subjectId: 'cand-a', deviceKey: 'k', createdAt: 0, lastSeenAt: 0, revokedAt: null });
  repo.insertSession({ id: 'ses-a-old', tokenHash: 't-o', role: 'candidate', subjectId: 'cand-a', deviceKey: 'k', createdAt: 0, lastSeenAt: 0, revokedAt: 5 });
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

describe('who receives a live event', () => {
  const repo = world();
  const isFor = (principal: Principal, event: LiveEvent, audience: Audience) => isLiveEventFor(principal, event, audience, liveLookups(repo, principal));

  it('gives the candidate’s browser and phone their candidate’s events, never another’s', () => {
    expect([isFor(candidateA, help, toA), isFor(phoneA, help, toA)]).toEqual([true, true]);
    expect(isFor({ ...candidateA, subjectId: 'cand-b' }, help, toA)).toBe(false);
  });

  it('gives supervisors the events meant for them, of the exams they watch only', () => {
    expect(isFor(supervisorOne, help, toA)).toBe(true);
    expect(isFor(supervisorTwo, help, toA)).toBe(false);
    expect(isFor(supervisorOne, revoked, { candidateId: 'cand-a', supervisors: false })).toBe(false);
  });

  it('keeps candidate.status for supervisors, and an event for one session to that session', () => {
    const status = { type: 'candidate.status', status: {} } as unknown as LiveEvent;
    expect(isFor(candidateA, status, toA)).toBe(false);
    const onlyOld: Audience = { candidateId: 'cand-a', supervisors: false, sessionId: 'ses-a-old' };
    expect([isFor(oldA, revoked, onlyOld), isFor(candidateA, revoked, onlyOld)]).toEqual([true, false]);
  });

  it('closes the socket of the session told it was revoked, and of one revoked since', () => {
    expect(closesLiveSession(oldA, revoked, { candidateId: 'cand-a', supervisors: false, sessionId: 'ses-a-old' }, repo)).toBe(true);
    expect(closesLiveSession(oldA, revoked, { candidateId: 'cand-a', supervisors: false }, repo)).toBe(true);
    expect(closesLiveSession(candidateA, revoked, { candidateId: 'cand-a', supervisors: false }, repo)).toBe(false);
    expect(closesLiveSession(candidateA, help, toA, repo)).toBe(false);
    expect(closesLiveSession(supervisorOne, revoked, toA, repo)).toBe(false);
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
