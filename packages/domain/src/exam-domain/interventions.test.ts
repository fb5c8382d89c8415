/** The supervisor console's calls on the domain: what each one pushes live, to whom, and what it records. */
import { describe, expect, it } from 'vitest';
import { isLiveEventFor, liveLookups } from '../live-delivery.js';
import { DEADLINE, ENTRY_OPENS, MIN, START, codeOf, world } from '../exam-domain.test-kit.js';

describe('the supervisor console', () => {
  it('pushes a notice to every candidate of the sitting as a help message from the supervisor, marked notice', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const supervisor = await w.supervisor();
    const sent = await w.domain.sendNotice(supervisor, w.sittingId, { id: 'notice-1', text: '开考时间推迟5分钟' });
    expect(sent).toEqual({ id: 'notice-1', text: '开考时间推迟5分钟', at: ENTRY_OPENS, candidates: 3 });
    const pushed = w.eventsOf('help.message');
    expect(pushed.map(([event, audience]) => [event.type === 'help.message' && event.message, audience])).toEqual(
      w.candidates.map((c) => [{ id: 'notice-1', from: 'supervisor', text: '开考时间推迟5分钟', at: ENTRY_OPENS, notice: true }, { candidateId: c.id, supervisors: true }]),
    );
    // Recorded with who wrote it; the foreign exam's candidate got nothing.
    expect(await w.repo.getHelpMessage(w.candidates[0]!.id, 'notice-1')).toMatchObject({ supervisorId: 'sup-1', notice: true });
    expect(await w.repo.listHelpMessages(w.foreign.id)).toEqual([]);
    expect(await codeOf(() => w.domain.sendNotice(supervisor, w.foreign.sittingId, { id: 'n-x', text: 'x' }))).toBe('FORBIDDEN');
  });

  it('pushes the candidate’s new schedule after extra time, and finishes them at their own deadline', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const a = await w.candidate(0);
    await w.domain.enter(a);
    await w.confirmAll(a);
    const supervisor = await w.supervisor();
    w.at(DEADLINE - 1);
    w.events.length = 0;
    const result = await w.domain.grantExtraTime(supervisor, w.candidates[0]!.id, { minutes: 2 });
    expect(result.intervention).toMatchObject({ kind: 'extraTime', minutes: 2, supervisorId: 'sup-1', at: DEADLINE - 1 });
    expect(w.eventsOf('schedule.changed')).toEqual([
      [
        { type: 'schedule.changed', candidateId: w.candidates[0]!.id, schedule: expect.objectContaining({ deadline: DEADLINE + 2 * MIN, evidenceDueAt: DEADLINE + 62 * MIN }) },
        { candidateId: w.candidates[0]!.id, supervisors: true },
      ],
    ]);
    // The candidate's page reads the same deadline from GET /me, as scheduleOf(me.sitting) computes it.
    expect((await w.domain.getMe(a)).sitting.policy).toMatchObject({ answerMs: 7 * MIN });
    w.at(DEADLINE + 2 * MIN - 1);
    expect(await w.domain.getQuestions(a)).toHaveLength(3);
    w.at(DEADLINE + 2 * MIN);
    const status = (await w.domain.listCandidates(supervisor, w.sittingId)).find((s) => s.candidate.id === w.candidates[0]!.id);
    expect(status).toMatchObject({ progress: { finishedAt: DEADLINE + 2 * MIN, finishReason: 'timeUp' }, schedule: { deadline: DEADLINE + 2 * MIN, extraTimeMs: 2 * MIN } });
  });

  it('pushes exam.finished to the candidate when a supervisor ends the interview', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const token = await w.login(0);
    const a = await w.domain.authenticate(token);
    await w.domain.enter(a);
    const supervisor = await w.supervisor();
    w.at(START + MIN);
    w.events.length = 0;
    await w.domain.endInterview(supervisor, w.candidates[0]!.id, { reason: '违规' });
    const finished = w.eventsOf('exam.finished');
    expect(finished).toEqual([
      [{ type: 'exam.finished', candidateId: w.candidates[0]!.id, progress: expect.objectContaining({ finishedAt: START + MIN, finishReason: 'endedBySupervisor' }) }, { candidateId: w.candidates[0]!.id, supervisors: true }],
    ]);
    // The candidate's token keeps only ROUTES_AFTER_FINISH, as after the page's own finish.
    expect(await codeOf(() => w.domain.authenticate(token, 'getQuestions'))).toBe('EXAM_FINISHED');
    expect((await w.domain.authenticate(token, 'getMe')).subjectId).toBe(w.candidates[0]!.id);
    expect(await w.repo.listInterventions(w.candidates[0]!.id)).toEqual([expect.objectContaining({ kind: 'endInterview', reason: '违规', supervisorId: 'sup-1', at: START + MIN })]);
  });

  it('tells a supervisor of a single sitting that sitting’s events only', async () => {
    const w = await world();
    await w.repo.insertSupervisor({ id: 'sup-s', username: 'one.sitting', passwordHash: 'plain$x', examIds: [], sittingIds: ['sit-x'] });
    const principal = { role: 'supervisor' as const, subjectId: 'sup-s', sessionId: 'sess-s' };
    const lookups = liveLookups(w.repo, principal);
    const event = { type: 'candidate.status' as const, status: {} as never };
    expect(await isLiveEventFor(principal, event, { candidateId: w.foreign.id, supervisors: true }, lookups)).toBe(true);
    expect(await isLiveEventFor(principal, event, { candidateId: w.candidates[0]!.id, supervisors: true }, lookups)).toBe(false);
  });
});
