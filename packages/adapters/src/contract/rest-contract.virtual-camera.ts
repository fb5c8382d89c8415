/**
 * R7 「不得使用滤镜、美颜等功能」 in the REST contract: 设备确认 names the chosen camera's label; a virtual or filter camera
 * is refused with 409 VIRTUAL_CAMERA (nothing recorded) until a supervisor of the candidate's sitting waives it with
 * POST /supervisor/candidates/:id/virtual-camera-waiver (the supervisor part: MSW and the server).
 */
import { describe, expect, it } from 'vitest';
import type { ContractRun } from './rest-contract.suite.js';

const OBS = 'OBS Virtual Camera';

export function describeVirtualCameraContract({ c, nextStart, implements: has }: ContractRun) {
  describe('virtual and filter cameras (R7)', () => {
    it('refuses 设备确认 with a virtual camera, records nothing, and accepts a real one', async () => {
      const { tokens } = await c.entered(nextStart());
      const token = tokens[0]!;
      await c.fails('confirm', { token, body: { kind: 'devices', cameraLabel: OBS } }, 409, 'VIRTUAL_CAMERA');
      await c.fails('confirm', { token, body: { kind: 'devices', cameraLabel: 'ManyCam Virtual Webcam' } }, 409, 'VIRTUAL_CAMERA');
      const me = (await c.ok('getMe', { token })) as { progress: { devicesConfirmedAt: number | null } };
      expect(me.progress.devicesConfirmedAt).toBeNull();
      const progress = (await c.ok('confirm', { token, body: { kind: 'devices', cameraLabel: 'Integrated Camera' } })) as { devicesConfirmedAt: number | null };
      expect(progress.devicesConfirmedAt).toEqual(expect.any(Number));
    });

    // The rest needs the supervisor's routes, and the fronts' input schemas (core's in-memory backend checks none).
    if (!has('supervisor')) return;

    it('takes a camera label of at most 200 characters', async () => {
      const { tokens } = await c.entered(nextStart());
      await c.fails('confirm', { token: tokens[0]!, body: { kind: 'devices', cameraLabel: 'x'.repeat(201) } }, 400, 'VALIDATION_FAILED');
    });


    it('a supervisor’s waiver lets that candidate, and only that one, through with the virtual camera', async () => {
      const startsAt = nextStart();
      const { sittingId, candidates, tokens } = await c.entered(startsAt, 2);
      const supervisor = await c.supervisor();
      await c.fails('confirm', { token: tokens[0]!, body: { kind: 'devices', cameraLabel: OBS } }, 409, 'VIRTUAL_CAMERA');
      // The page reports which camera was refused; the console's grid shows it with the candidate.
      await c.ok('reportIncident', { token: tokens[0]!, body: { id: 'inc-virtual-camera-1', kind: 'virtualCamera', at: startsAt - 15 * 60_000, detail: OBS } });
      const statusOf = async () =>
        ((await c.ok('listCandidates', { token: supervisor, params: { sittingId } })) as { candidate: { id: string }; virtualCamera?: unknown }[]).find(
          (s) => s.candidate.id === candidates[0]!.id,
        );
      expect((await statusOf())?.virtualCamera).toMatchObject({ label: OBS, waived: false });

      const waived = (await c.ok('waiveVirtualCamera', { token: supervisor, params: { candidateId: candidates[0]!.id }, body: { reason: '考生只有这一个摄像头' } })) as {
        intervention: { kind: string; reason: string };
      };
      expect(waived.intervention).toMatchObject({ kind: 'virtualCameraWaiver', reason: '考生只有这一个摄像头' });
      expect((await statusOf())?.virtualCamera).toMatchObject({ label: OBS, waived: true });
      const interventions = (await c.ok('listInterventions', { token: supervisor, params: { candidateId: candidates[0]!.id } })) as { kind: string }[];
      expect(interventions.map((i) => i.kind)).toEqual(['virtualCameraWaiver']);

      const progress = (await c.ok('confirm', { token: tokens[0]!, body: { kind: 'devices', cameraLabel: OBS } })) as { devicesConfirmedAt: number | null };
      expect(progress.devicesConfirmedAt).toEqual(expect.any(Number));
      // The other candidate of the sitting was not waived.
      await c.fails('confirm', { token: tokens[1]!, body: { kind: 'devices', cameraLabel: OBS } }, 409, 'VIRTUAL_CAMERA');
    });

    it('a waiver needs a reason, and comes too late after the finish', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.entered(startsAt);
      const supervisor = await c.supervisor();
      const params = { candidateId: candidates[0]!.id };
      await c.fails('waiveVirtualCamera', { token: supervisor, params, body: {} }, 400, 'VALIDATION_FAILED');
      await c.setClock(startsAt + 6 * 60_000);
      await c.fails('waiveVirtualCamera', { token: supervisor, params, body: { reason: '太晚' } }, 409, 'CANDIDATE_FINISHED');
      expect(await c.ok('listInterventions', { token: supervisor, params })).toEqual([]);
    });
  });
}
