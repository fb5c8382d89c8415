/** The supervisor's part of the REST contract suite: who is where, lots, incidents, help and recordings as the supervisor sees them (R32). */
import { describe, expect, it } from 'vitest';
import { askForHelp, createTwoRecordings, drawAndEnter, reportTwice } from './rest-contract.candidate.js';
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
      const sittings = (await c.ok('listSittings', { token: supervisor })) as { sitting: { id: string } }[];
      expect(sittings.map((s) => s.sitting.id)).toContain(sittingId);
      const statuses = (await c.ok('listCandidates', { token: supervisor, params: { sittingId } })) as { candidate: { id: string }; online: boolean; progress: { stage: string } }[];
      const byId = new Map(statuses.map((s) => [s.candidate.id, s]));
      expect(byId.get(candidates[0]!.id)).toMatchObject({ online: true, progress: { stage: 'bindingEvidence' } });
      expect(byId.get(candidates[1]!.id)).toMatchObject({ online: false });
    });
  });
}
