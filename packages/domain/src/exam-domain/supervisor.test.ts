import { describe, expect, it } from 'vitest';
import { SEC, MIN, START, LOGIN_OPENS, ENTRY_OPENS, codeOf, world } from '../exam-domain.test-kit.js';

describe('the supervisor (R32)', () => {
  it('logs in with the right password only', async () => {
    const w = await world();
    expect((await w.supervisor()).role).toBe('supervisor');
    expect(await codeOf(() => w.domain.supervisorLogin({ username: 'supervisor', password: 'wrong' }, { ip: '1.1.1.1' }))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(() => w.domain.supervisorLogin({ username: 'nobody', password: 'sup-pass' }, { ip: '1.1.1.1' }))).toBe('INVALID_CREDENTIALS');
  });

  it('lists the sittings of their exams only, by start', async () => {
    const w = await world();
    const later = await w.domain.seedSitting({ examId: 'exam-1', name: '第零场', startsAt: START - 90 * MIN, candidates: [{ name: 'x', idNumber: '440101200001010011', password: 'p', admissionNumber: '1' }] });
    const sittings = await w.domain.listSittings(await w.supervisor());
    expect(sittings.map((s) => [s.sitting.id, s.candidates])).toEqual([
      [later.sitting.id, 1],
      [w.sittingId, 3],
    ]);
    expect(sittings[0]).toMatchObject({ examId: 'exam-1', examTitle: '综合素质评估' });
  });

  it('sees who is online (seen within 30 s), and their incidents and help messages', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const a = await w.candidate(0);
    await w.candidate(1);
    await w.domain.reportIncident(a, { id: 'inc-1', kind: 'pageHidden', at: LOGIN_OPENS });
    await w.domain.sendHelpMessage(a, { id: 'm-1', text: '你好' });
    w.at(LOGIN_OPENS + 29 * SEC);
    await w.domain.authenticate(await w.login(0));
    const supervisor = await w.supervisor();
    w.at(LOGIN_OPENS + 30 * SEC);
    const statuses = await w.domain.listCandidates(supervisor, w.sittingId);
    expect(statuses.map((s) => [s.candidate.id, s.online, s.incidents, s.helpMessages])).toEqual([
      [w.candidates[0]!.id, true, 1, 1],
      [w.candidates[1]!.id, false, 0, 0],
      [w.candidates[2]!.id, false, 0, 0],
    ]);
    expect(statuses[0]).toMatchObject({ sittingId: w.sittingId, candidate: { idNumberMasked: '1101**********0001' }, evidence: { state: 'waitingForPhone' } });
  });

  it('reaches candidates of their exams only', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const supervisor = await w.supervisor();
    expect(await codeOf(() => w.domain.listCandidates(supervisor, w.foreign.sittingId))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.listCandidates(supervisor, 'no-such-sitting'))).toBe('NOT_FOUND');
    for (const read of [w.domain.getCandidateHelp, w.domain.listIncidents, w.domain.listRecordings]) {
      expect(await codeOf(() => read(supervisor, w.foreign.id))).toBe('FORBIDDEN');
      expect(await codeOf(() => read(supervisor, 'no-such-candidate'))).toBe('NOT_FOUND');
    }
    expect(await codeOf(() => w.domain.replyHelp(supervisor, w.foreign.id, { id: 'm-x', text: 'x' }))).toBe('FORBIDDEN');
    expect(await w.repo.getHelpMessage(w.foreign.id, 'm-x')).toBeUndefined();
  });
});
