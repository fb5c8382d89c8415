/** R7 in the supervisor's console: the candidate's panel shows a refused virtual or filter camera and offers 豁免. */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import { openGrid, startProctor, T0 } from './proctor.test-kit.js';

const OBS = { label: 'OBS Virtual Camera', at: T0, waived: false };

describe('the candidate panel: a virtual or filter camera (R7)', () => {
  it('shows no warning and offers no waiver while no virtual camera was reported', async () => {
    const h = await startProctor();
    await openGrid(h);
    await h.send({ type: 'user.openConversation', candidateId: 'c1' });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel).toMatchObject({ virtualCamera: null, canWaiveVirtualCamera: false });
    await h.send({ type: 'user.act', action: { kind: 'virtualCameraWaiver', reason: '只有这一个摄像头' } });
    // The server is the judge: a waiver sent anyway (ahead of the refusal) is recorded; the console only does not offer it.
    await h.untilTag('candidate:shown');
    expect(h.api.interventions.get('c1')?.map((i) => i.kind)).toEqual(['virtualCameraWaiver']);
  });

  it('shows the camera the server refused, pushed live, and waives it with a reason', async () => {
    const h = await startProctor();
    await openGrid(h);
    await h.send({ type: 'user.openConversation', candidateId: 'c1' });
    await h.untilTag('candidate:shown');
    h.api.update('c1', { progress: { stage: 'confirmingDevices', enteredAt: T0 }, virtualCamera: OBS, incidents: 1 });
    await h.settle();
    expect(h.grid().candidatePanel).toMatchObject({ virtualCamera: OBS, canWaiveVirtualCamera: true });

    // No reason, nothing sent.
    await h.send({ type: 'user.act', action: { kind: 'virtualCameraWaiver', reason: '  ' } });
    expect(h.api.interventions.get('c1')).toBeUndefined();

    h.api.failNext('waiveVirtualCamera', ErrorCode.CANDIDATE_FINISHED);
    await h.send({ type: 'user.act', action: { kind: 'virtualCameraWaiver', reason: ' 只有这一个摄像头 ' } });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel).toMatchObject({ error: ErrorCode.CANDIDATE_FINISHED, canWaiveVirtualCamera: true, interventions: [] });

    await h.send({ type: 'user.act', action: { kind: 'virtualCameraWaiver', reason: ' 只有这一个摄像头 ' } });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel).toMatchObject({
      error: null,
      virtualCamera: { ...OBS, waived: true },
      canWaiveVirtualCamera: false,
      interventions: [{ kind: 'virtualCameraWaiver', reason: '只有这一个摄像头', at: T0 }],
    });
  });

  it('offers no waiver once the interview finished', async () => {
    const h = await startProctor();
    await openGrid(h);
    h.api.update('c2', { virtualCamera: OBS, progress: { enteredAt: T0, finishedAt: T0 + 1, finishReason: 'endedEarly' } });
    await h.send({ type: 'user.openConversation', candidateId: 'c2' });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel).toMatchObject({ virtualCamera: OBS, canWaiveVirtualCamera: false });
  });
});
