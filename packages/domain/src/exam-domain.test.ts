import { describe, expect, it } from 'vitest';
import { ENTRY_OPENS, codeOf, world } from './exam-domain.test-kit.js';

describe('roles and ownership', () => {
  it('lets each role call its own methods only', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const candidate = await w.candidate(0);
    const phone = await w.phone(1);
    const supervisor = await w.supervisor();
    expect(await codeOf(() => w.domain.listSittings(candidate))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.getCandidateHelp(candidate, candidate.subjectId))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.setEvidenceStatus(candidate, { state: 'recording' }))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.getMe(phone))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.createRecording(phone, { kind: 'camera', mimeType: 'video/webm' }))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.getMe(supervisor))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.createEvidenceRecording(supervisor, { mimeType: 'video/mp4' }))).toBe('FORBIDDEN');
  });

  it('gives candidate A only A’s data', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const [a, b] = [await w.candidate(0), await w.candidate(1)];
    await w.domain.sendHelpMessage(b, { id: 'm-b', text: 'B' });
    await w.domain.drawLot(b);
    expect((await w.domain.getMe(a)).candidate.id).toBe(a.subjectId);
    expect(await w.domain.getHelpMessages(a)).toEqual([]);
    expect((await w.domain.getHelpMessages(b)).map((m) => m.id)).toEqual(['m-b']);
  });
});
