/** The supervisor's part of the REST contract suite: who is where, lots, incidents, help and recordings as the supervisor sees them (R32). */
import { describe, expect, it } from 'vitest';
import { askForHelp, createTwoRecordings, drawAndEnter, reportTwice } from './rest-contract.candidate.js';
import { DEMO_EXAM, DEMO_SUPERVISOR } from './contract-client.js';
import type { ContractRun } from './rest-contract.suite.js';

const MIN = 60_000;

export function describeSupervisorContract({ c, nextStart }: ContractRun) {
  describe('supervisor', () => {
    it('shows every candidate of the sitting with a unique lot from entry time (R11)', async () => {
      const { sittingId } = await drawAndEnter(c, nextStart());
      const statuses = (await c.ok('listCandidates', { token: await c.supervisor(), params: { sittingId } })) as { progress: { lot: number | null } }[];
      const lots = statuses.map((s) => s.progress.lot);
      expect(lots.every((lot) => lot !== null)).toBe(true);
      expect(new Set(lots).size).toBe(4);
    });

    it('stores incidents once per client id, with the client’s server-time stamp', async () => {
      const { candidate, incident } = await reportTwice(c, nextStart());
      const incidents = (await c.ok('listIncidents', { token: await c.supervisor(), params: { candidateId: candidate.id } })) as { id: string }[];
      expect(incidents.filter((i) => i.id === incident.id)).toHaveLength(1);
    });

    it('carries the help chat both ways with server timestamps (R27)', async () => {
      const { candidate, token } = await askForHelp(c, nextStart());
      const supervisor = await c.supervisor();
      const seen = (await c.ok('getCandidateHelp', { token: supervisor, params: { candidateId: candidate.id } })) as { text: string }[];
      expect(seen.map((m) => m.text)).toEqual(['摄像头没有画面']);
      await c.ok('replyHelp', { token: supervisor, params: { candidateId: candidate.id }, body: { id: 'msg-supervisor-1', text: '请检查摄像头连接' } });
      const chat = (await c.ok('getHelpMessages', { token })) as { from: string }[];
      expect(chat.map((m) => m.from)).toEqual(['candidate', 'supervisor']);
    });

    it('lists a candidate’s recordings', async () => {
      const { candidate } = await createTwoRecordings(c, nextStart());
      const listed = (await c.ok('listRecordings', { token: await c.supervisor(), params: { candidateId: candidate.id } })) as { kind: string }[];
      expect(listed.map((r) => r.kind).sort()).toEqual(['camera', 'screen']);
    });

    it('shows when each confirmation was given, and who the server finished at the deadline (R16, R17, R24, R1)', async () => {
      const startsAt = nextStart();
      const { sittingId, candidates, tokens } = await c.entered(startsAt, 2);
      await c.setClock(startsAt - 10 * MIN);
      await c.confirmAll(tokens[0]!);
      const supervisor = await c.supervisor();
      const statuses = async () =>
        new Map(((await c.ok('listCandidates', { token: supervisor, params: { sittingId } })) as { candidate: { id: string }; progress: Record<string, unknown> }[]).map((s) => [s.candidate.id, s.progress]));
      const before = await statuses();
      expect(before.get(candidates[0]!.id)).toMatchObject({ devicesConfirmedAt: startsAt - 10 * MIN, infoConfirmedAt: startsAt - 10 * MIN, pledgeAcceptedAt: startsAt - 10 * MIN });
      expect(before.get(candidates[0]!.id)?.['pledgeVersion']).toEqual(expect.any(String));
      expect(before.get(candidates[1]!.id)).toMatchObject({ devicesConfirmedAt: null, infoConfirmedAt: null, pledgeAcceptedAt: null, pledgeVersion: null, finishedAt: null });
      // Nobody calls after the deadline but the supervisor: both are finished then, as timeUp.
      await c.setClock(startsAt + 6 * MIN);
      const after = await statuses();
      for (const candidate of candidates) expect(after.get(candidate.id)).toMatchObject({ finishedAt: startsAt + 5 * MIN, finishReason: 'timeUp' });
    });

    it('shows the supervisor who is where', async () => {
      const startsAt = nextStart();
      const { sittingId, candidates } = await c.seed(startsAt, 2);
      await c.setClock(startsAt - 20 * MIN);
      const token = await c.login(candidates[0]!);
      await c.ok('saveProgress', { token, body: { stage: 'bindingEvidence' } });
      const supervisor = await c.supervisor();
      const sittings = (await c.ok('listSittings', { token: supervisor })) as { sitting: { id: string }; timeZone: string }[];
      expect(sittings.map((s) => s.sitting.id)).toContain(sittingId);
      // The exam's own zone, so the console shows the sitting's times as the candidates' pages do.
      const exam = (await c.ok('getExam', { params: { examId: DEMO_EXAM } })) as { timeZone: string };
      expect(sittings.find((s) => s.sitting.id === sittingId)?.timeZone).toBe(exam.timeZone);
      const statuses = (await c.ok('listCandidates', { token: supervisor, params: { sittingId } })) as { candidate: { id: string }; online: boolean; progress: { stage: string } }[];
      const byId = new Map(statuses.map((s) => [s.candidate.id, s]));
      expect(byId.get(candidates[0]!.id)).toMatchObject({ online: true, progress: { stage: 'bindingEvidence' } });
      expect(byId.get(candidates[1]!.id)).toMatchObject({ online: false });
    });

    describe('the console: notices, interventions, verdicts, the timeline', () => {
      type Schedule = { deadline: number; evidenceDueAt: number; entryClosesAt: number; extraTimeMs: number; lateEntryAllowed: boolean };
      /** The candidate's own deadline as their page computes it from GET /me (scheduleOf(me.sitting)). */
      const deadlineOnPage = async (token: string) => {
        const me = (await c.ok('getMe', { token })) as { sitting: { startsAt: number; policy?: { answerMs?: number } }; exam: { policy: { answerMs?: number } } };
        return me.sitting.startsAt + (me.sitting.policy?.answerMs ?? me.exam.policy.answerMs ?? 5 * MIN);
      };

      it('sends a notice to every candidate of the sitting at once, into each one’s help chat (R27)', async () => {
        const startsAt = nextStart();
        const { sittingId, candidates, tokens } = await c.entered(startsAt, 2);
        const supervisor = await c.supervisor();
        const sent = (await c.ok('sendNotice', { token: supervisor, params: { sittingId }, body: { id: 'notice-1', text: '开考时间推迟5分钟' } })) as { candidates: number; at: number };
        expect(sent).toMatchObject({ candidates: 2, at: startsAt - 15 * MIN });
        // A retry adds nothing.
        await c.ok('sendNotice', { token: supervisor, params: { sittingId }, body: { id: 'notice-1', text: '开考时间推迟5分钟' } });
        for (const token of tokens) {
          const chat = (await c.ok('getHelpMessages', { token })) as { id: string; from: string; notice?: boolean; at: number }[];
          expect(chat).toEqual([{ id: 'notice-1', from: 'supervisor', text: '开考时间推迟5分钟', at: startsAt - 15 * MIN, notice: true }]);
        }
        const statuses = (await c.ok('listCandidates', { token: supervisor, params: { sittingId } })) as { candidate: { id: string }; helpMessages: number }[];
        expect(statuses.map((s) => s.helpMessages)).toEqual(candidates.map(() => 1));
      });

      it('gives extra time until the deadline, not at it; the candidate answers until their new deadline, then is finished then (R1)', async () => {
        const startsAt = nextStart();
        const { sittingId, candidates, tokens } = await c.entered(startsAt, 2, { confirmed: true });
        const supervisor = await c.supervisor();
        const [a, b] = [candidates[0]!, candidates[1]!];
        await c.setClock(startsAt + 5 * MIN - 1);
        const granted = (await c.ok('grantExtraTime', { token: supervisor, params: { candidateId: a.id }, body: { minutes: 3 } })) as {
          intervention: { kind: string; minutes: number; at: number; supervisorId: string };
          schedule: Schedule;
        };
        expect(granted.intervention).toMatchObject({ kind: 'extraTime', minutes: 3, at: startsAt + 5 * MIN - 1 });
        expect(granted.schedule).toMatchObject({ deadline: startsAt + 8 * MIN, evidenceDueAt: startsAt + 68 * MIN, extraTimeMs: 3 * MIN });
        expect(await deadlineOnPage(tokens[0]!)).toBe(startsAt + 8 * MIN);
        // At the sitting's deadline: b is over (and can no longer be given time), a still answers.
        await c.setClock(startsAt + 5 * MIN);
        await c.fails('grantExtraTime', { token: supervisor, params: { candidateId: b.id }, body: { minutes: 3 } }, 409, 'CANDIDATE_FINISHED');
        await c.ok('getQuestions', { token: tokens[0]! });
        await c.fails('getQuestions', { token: tokens[1]! }, 403, 'EXAM_FINISHED');
        await c.setClock(startsAt + 8 * MIN - 1);
        await c.ok('getQuestions', { token: tokens[0]! });
        await c.setClock(startsAt + 8 * MIN);
        await c.fails('getQuestions', { token: tokens[0]! }, 403, 'EXAM_FINISHED');
        const me = (await c.ok('getMe', { token: tokens[0]! })) as { progress: Record<string, unknown> };
        expect(me.progress).toMatchObject({ finishedAt: startsAt + 8 * MIN, finishReason: 'timeUp' });
        const interventions = (await c.ok('listInterventions', { token: supervisor, params: { candidateId: a.id } })) as unknown[];
        expect(interventions).toEqual([
          expect.objectContaining({ kind: 'extraTime', minutes: 3, at: startsAt + 5 * MIN - 1, candidateId: a.id, supervisorName: DEMO_SUPERVISOR.username }),
        ]);
        // The grid counts them, so an open panel knows when another supervisor acted.
        const statuses = (await c.ok('listCandidates', { token: supervisor, params: { sittingId } })) as { candidate: { id: string }; interventions: number }[];
        expect(statuses.find((s) => s.candidate.id === a.id)?.interventions).toBe(1);
      });

      it('ends an interview with a reason: the candidate is finished then, as endedBySupervisor', async () => {
        const startsAt = nextStart();
        const { candidates, tokens } = await c.entered(startsAt, 1, { confirmed: true });
        const { candidates: waiting } = await c.seed(startsAt, 1);
        const supervisor = await c.supervisor();
        const candidateId = candidates[0]!.id;
        await c.setClock(startsAt + MIN);
        await c.fails('endInterview', { token: supervisor, params: { candidateId: waiting[0]!.id }, body: { reason: '未进入' } }, 403, 'NOT_ENTERED');
        const ended = (await c.ok('endInterview', { token: supervisor, params: { candidateId }, body: { reason: '使用手机作答' } })) as { progress: Record<string, unknown> };
        expect(ended.progress).toMatchObject({ stage: 'finished', finishedAt: startsAt + MIN, finishReason: 'endedBySupervisor' });
        // From now on the candidate's routes are those after a finish.
        await c.fails('getQuestions', { token: tokens[0]! }, 403, 'EXAM_FINISHED');
        const me = (await c.ok('getMe', { token: tokens[0]! })) as { progress: Record<string, unknown> };
        expect(me.progress).toMatchObject({ finishReason: 'endedBySupervisor' });
        await c.fails('endInterview', { token: supervisor, params: { candidateId }, body: { reason: '再次' } }, 409, 'CANDIDATE_FINISHED');
        await c.fails('grantExtraTime', { token: supervisor, params: { candidateId }, body: { minutes: 1 } }, 409, 'CANDIDATE_FINISHED');
        // A page cannot claim it.
        await c.fails('finish', { token: tokens[0]!, body: { reason: 'endedBySupervisor' } }, 400, 'VALIDATION_FAILED');
      });

      it('lets a barred late candidate in until their deadline, not at it (R21)', async () => {
        const startsAt = nextStart();
        const { candidates } = await c.seed(startsAt, 3, { policy: { requireEvidence: false } });
        await c.setClock(startsAt + 2 * MIN);
        const supervisor = await c.supervisor();
        const login = (i: number) => ({ body: { examId: 'exam-demo', idNumber: candidates[i]!.idNumber, password: candidates[i]!.password, deviceKey: `device-late-${i}` } });
        await c.setClock(startsAt + 2 * MIN);
        await c.fails('loginWithPassword', login(0), 403, 'LATE_ENTRY_CLOSED');
        const allowed = (await c.ok('allowLateEntry', { token: supervisor, params: { candidateId: candidates[0]!.id }, body: { reason: '交通延误' } })) as { schedule: Schedule };
        expect(allowed.schedule).toMatchObject({ entryClosesAt: startsAt + 5 * MIN, lateEntryAllowed: true });
        await c.setClock(startsAt + 5 * MIN - 1);
        const token = ((await c.ok('loginWithPassword', login(0))) as { token: string }).token;
        const progress = (await c.ok('enter', { token })) as { enteredAt: number };
        expect(progress.enteredAt).toBe(startsAt + 5 * MIN - 1);
        await c.fails('allowLateEntry', { token: supervisor, params: { candidateId: candidates[0]!.id }, body: { reason: '再次' } }, 409, 'ALREADY_ENTERED');
        // Another is let in a moment before the deadline, and still cannot log in at it.
        await c.ok('allowLateEntry', { token: supervisor, params: { candidateId: candidates[1]!.id }, body: { reason: '网络故障' } });
        await c.setClock(startsAt + 5 * MIN);
        await c.fails('loginWithPassword', login(1), 403, 'LATE_ENTRY_CLOSED');
        await c.fails('allowLateEntry', { token: supervisor, params: { candidateId: candidates[2]!.id }, body: { reason: '太晚' } }, 403, 'EXAM_OVER');
        const kinds = (await c.ok('listInterventions', { token: supervisor, params: { candidateId: candidates[0]!.id } })) as { kind: string; reason: string }[];
        expect(kinds).toEqual([expect.objectContaining({ kind: 'lateEntry', reason: '交通延误', at: startsAt + 2 * MIN })]);
      });

      it('keeps every verdict with who and when; the last is the current one', async () => {
        const startsAt = nextStart();
        const { candidates } = await c.entered(startsAt, 1);
        const supervisor = await c.supervisor();
        const params = { candidateId: candidates[0]!.id };
        expect(await c.ok('getVerdict', { token: supervisor, params })).toEqual({ current: null, history: [] });
        await c.ok('setVerdict', { token: supervisor, params, body: { verdict: 'doubtful', comment: '画面中有第二人' } });
        await c.setClock(startsAt + 10 * MIN);
        const state = (await c.ok('setVerdict', { token: supervisor, params, body: { verdict: 'violation', comment: '确认违规' } })) as { current: unknown; history: unknown[] };
        expect(state.history).toEqual([
          expect.objectContaining({ verdict: 'doubtful', comment: '画面中有第二人', at: startsAt - 15 * MIN, supervisorName: DEMO_SUPERVISOR.username }),
          expect.objectContaining({ verdict: 'violation', comment: '确认违规', at: startsAt + 10 * MIN }),
        ]);
        expect(state.current).toEqual(state.history[1]);
        expect(await c.ok('getVerdict', { token: supervisor, params })).toEqual(state);
        await c.fails('setVerdict', { token: supervisor, params, body: { verdict: 'fine', comment: '' } }, 400, 'VALIDATION_FAILED');
      });

      it('puts the interview on one timeline: progress, help, interventions, verdicts and recordings', async () => {
        const startsAt = nextStart();
        const { candidates, tokens } = await c.entered(startsAt, 1, { confirmed: true });
        const supervisor = await c.supervisor();
        const params = { candidateId: candidates[0]!.id };
        await c.ok('createRecording', { token: tokens[0]!, body: { kind: 'camera', mimeType: 'video/webm' } });
        await c.setClock(startsAt + MIN);
        await c.ok('sendHelpMessage', { token: tokens[0]!, body: { id: 'tl-help', text: '听不到声音' } });
        await c.ok('grantExtraTime', { token: supervisor, params, body: { minutes: 2 } });
        await c.setClock(startsAt + 2 * MIN);
        await c.ok('endInterview', { token: supervisor, params, body: { reason: '提前结束' } });
        await c.ok('setVerdict', { token: supervisor, params, body: { verdict: 'passed', comment: '' } });
        const timeline = (await c.ok('getTimeline', { token: supervisor, params })) as {
          schedule: Schedule;
          markers: { at: number; kind: string; detail?: string }[];
          recordings: { kind: string }[];
        };
        expect(timeline.schedule.deadline).toBe(startsAt + 7 * MIN);
        const ats = timeline.markers.map((m) => m.at);
        expect(ats).toEqual([...ats].sort((x, y) => x - y));
        // The phone, not heard from since entry, also shows as evidenceSilent incidents: not this test's subject.
        expect(timeline.markers.filter((m) => m.kind !== 'incident').map((m) => [m.kind, m.at, m.detail])).toEqual([
          ['entered', startsAt - 15 * MIN, undefined],
          ['devicesConfirmed', startsAt - 15 * MIN, undefined],
          ['infoConfirmed', startsAt - 15 * MIN, undefined],
          ['pledgeAccepted', startsAt - 15 * MIN, undefined],
          ['help', startsAt + MIN, 'candidate'],
          ['intervention', startsAt + MIN, 'extraTime'],
          ['finished', startsAt + 2 * MIN, 'endedBySupervisor'],
          ['intervention', startsAt + 2 * MIN, 'endInterview'],
          ['verdict', startsAt + 2 * MIN, 'passed'],
        ]);
        expect(timeline.recordings.map((r) => r.kind)).toEqual(['camera']);
      });
    });
  });
}
