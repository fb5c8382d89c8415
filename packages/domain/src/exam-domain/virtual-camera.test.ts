/** R7 「不得使用滤镜、美颜等功能」 on the server: 设备确认 with a virtual or filter camera, and a supervisor's waiver. */
import { describe, expect, it } from 'vitest';
import { isLiveEventFor, liveLookups } from '../live-delivery.js';
import { ENTRY_OPENS, START, MIN, codeOf, world, type World } from '../exam-domain.test-kit.js';

const OBS = 'OBS Virtual Camera';

/** Candidate 0 logged in and entered; answers their principal. */
async function entered(w: World) {
  w.at(ENTRY_OPENS);
  const a = await w.candidate(0);
  await w.domain.enter(a);
  return a;
}

describe('virtual and filter cameras (R7)', () => {
  it('refuses 设备确认 with a virtual camera, changing nothing, and accepts an ordinary one', async () => {
    const w = await world();
    const a = await entered(w);
    w.events.length = 0;
    expect(await codeOf(() => w.domain.confirm(a, { kind: 'devices', cameraLabel: OBS }))).toBe('VIRTUAL_CAMERA');
    expect(await codeOf(() => w.domain.confirm(a, { kind: 'devices', cameraLabel: 'Camera (NVIDIA Broadcast)' }))).toBe('VIRTUAL_CAMERA');
    expect((await w.repo.getCandidate(w.candidates[0]!.id))?.devicesConfirmedAt).toBeNull();
    expect(w.events).toEqual([]);

    const progress = await w.domain.confirm(a, { kind: 'devices', cameraLabel: 'Integrated Camera (04f2:b6dd)' });
    expect(progress.devicesConfirmedAt).toBe(ENTRY_OPENS);
    // A repeat of the recorded 设备确认 is answered as before, whatever camera it names (the first is kept).
    expect((await w.domain.confirm(a, { kind: 'devices', cameraLabel: OBS })).devicesConfirmedAt).toBe(ENTRY_OPENS);
  });

  it('a supervisor’s waiver lets the virtual camera through: recorded, audited, pushed to the candidate, on the timeline', async () => {
    const w = await world();
    const a = await entered(w);
    const candidateId = w.candidates[0]!.id;
    expect(await codeOf(() => w.domain.confirm(a, { kind: 'devices', cameraLabel: OBS }))).toBe('VIRTUAL_CAMERA');
    // The page tells the supervisors which camera was refused, as an incident.
    await w.domain.reportIncident(a, { id: 'inc-vc-1', kind: 'virtualCamera', at: ENTRY_OPENS, detail: OBS });
    const supervisor = await w.supervisor();
    const before = (await w.domain.listCandidates(supervisor, w.sittingId)).find((s) => s.candidate.id === candidateId);
    expect(before?.virtualCamera).toEqual({ label: OBS, at: ENTRY_OPENS, waived: false });

    w.at(ENTRY_OPENS + MIN);
    w.events.length = 0;
    const result = await w.domain.waiveVirtualCamera(supervisor, candidateId, { reason: '考生只有这一个摄像头' });
    expect(result.intervention).toMatchObject({ kind: 'virtualCameraWaiver', reason: '考生只有这一个摄像头', supervisorId: 'sup-1', at: ENTRY_OPENS + MIN });
    expect(w.eventsOf('virtualCamera.waived')).toEqual([[{ type: 'virtualCamera.waived', candidateId }, { candidateId, supervisors: false }]]);
    // It reaches the candidate's page only: not their phone, nor the supervisors (they get candidate.status).
    const [[event, audience]] = w.eventsOf('virtualCamera.waived') as [[Parameters<typeof isLiveEventFor>[1], Parameters<typeof isLiveEventFor>[2]]];
    const phone = await w.phone(0);
    expect(await isLiveEventFor(a, event, audience, liveLookups(w.repo, a))).toBe(true);
    expect(await isLiveEventFor(phone, event, audience, liveLookups(w.repo, phone))).toBe(false);
    expect(await isLiveEventFor(supervisor, event, audience, liveLookups(w.repo, supervisor))).toBe(false);
    // The supervisors' grid hears of it with the candidate's status.
    const pushed = w.eventsOf('candidate.status').map(([event]) => (event.type === 'candidate.status' ? event.status : null));
    expect(pushed.at(-1)).toMatchObject({ candidate: { id: candidateId }, virtualCamera: { label: OBS, waived: true }, interventions: 1 });
    expect((await w.repo.listAudit({ limit: 1 }))[0]).toMatchObject({
      action: 'candidate.virtualCameraWaiver',
      actorRole: 'supervisor',
      actorId: 'sup-1',
      targetType: 'candidate',
      targetId: candidateId,
      detail: { interventionId: result.intervention.id, reason: '考生只有这一个摄像头' },
    });

    expect((await w.domain.confirm(a, { kind: 'devices', cameraLabel: OBS })).devicesConfirmedAt).toBe(ENTRY_OPENS + MIN);
    const markers = (await w.domain.getTimeline(supervisor, candidateId)).markers;
    expect(markers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'incident', detail: 'virtualCamera', at: ENTRY_OPENS }),
        expect.objectContaining({ kind: 'intervention', detail: 'virtualCameraWaiver', at: ENTRY_OPENS + MIN, text: '考生只有这一个摄像头' }),
      ]),
    );
  });

  it('a waiver is per candidate, for supervisors of the candidate’s sitting, and not after the finish', async () => {
    const w = await world();
    const a = await entered(w);
    const supervisor = await w.supervisor();
    await w.domain.waiveVirtualCamera(supervisor, w.candidates[1]!.id, { reason: '另一位考生' });
    expect(await codeOf(() => w.domain.confirm(a, { kind: 'devices', cameraLabel: OBS }))).toBe('VIRTUAL_CAMERA');

    // A supervisor of one other sitting only.
    await w.repo.insertSupervisor({ id: 'sup-s', username: 'one.sitting', passwordHash: 'plain$x', examIds: [], sittingIds: [w.foreign.sittingId] });
    const other = { role: 'supervisor' as const, subjectId: 'sup-s', sessionId: 'sess-s' };
    expect(await codeOf(() => w.domain.waiveVirtualCamera(other, w.candidates[0]!.id, { reason: 'x' }))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.waiveVirtualCamera(supervisor, 'no-such-candidate', { reason: 'x' }))).toBe('NOT_FOUND');
    expect(await codeOf(() => w.domain.waiveVirtualCamera(a, w.candidates[0]!.id, { reason: 'x' }))).toBe('FORBIDDEN');

    await w.domain.confirm(a, { kind: 'devices', cameraLabel: 'USB Camera' });
    w.at(START + MIN);
    await w.domain.endInterview(supervisor, w.candidates[0]!.id, { reason: '结束' });
    expect(await codeOf(() => w.domain.waiveVirtualCamera(supervisor, w.candidates[0]!.id, { reason: '太晚' }))).toBe('CANDIDATE_FINISHED');
    expect((await w.repo.listInterventions(w.candidates[0]!.id)).map((row) => row.kind)).toEqual(['endInterview']);
  });
});
