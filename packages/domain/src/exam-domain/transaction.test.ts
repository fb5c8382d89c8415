import { describe, expect, it, vi } from 'vitest';
import { LOGIN_OPENS, world } from '../exam-domain.test-kit.js';

describe('live events', () => {
  it('a failing listener neither fails nor undoes the call', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const me = await w.candidate(0);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    w.domain.subscribe(() => {
      throw new Error('socket closed');
    });
    expect((await w.domain.saveProgress(me, { stage: 'bindingEvidence' })).stage).toBe('bindingEvidence');
    expect((await w.domain.getMe(me)).progress.stage).toBe('bindingEvidence');
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });

  it('stops after unsubscribing', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const seen: string[] = [];
    const stop = w.domain.subscribe((e) => seen.push(e.type));
    const me = await w.candidate(0);
    stop();
    await w.domain.saveProgress(me, { stage: 'bindingEvidence' });
    expect(seen).toEqual(['candidate.status']);
  });
});
