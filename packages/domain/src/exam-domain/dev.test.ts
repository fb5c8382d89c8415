import { describe, expect, it } from 'vitest';
import { START, rejection, codeOf, world } from '../exam-domain.test-kit.js';

describe('seedSitting', () => {
  it('refuses an unknown exam and a repeated ID number, changing nothing', async () => {
    const w = await world();
    const candidate = { name: 'x', idNumber: '550101200001010011', password: 'p', admissionNumber: '1' };
    expect(await codeOf(() => w.domain.seedSitting({ examId: 'nope', name: 'x', startsAt: START, candidates: [candidate] }))).toBe('EXAM_NOT_FOUND');
    expect(await rejection(() => w.domain.seedSitting({ examId: 'exam-1', name: 'x', startsAt: START, candidates: [candidate, candidate] }))).toEqual({
      code: 'VALIDATION_FAILED',
      details: { field: '/candidates/1/idNumber' },
    });
    expect(await w.repo.listSittings('exam-1')).toHaveLength(1);
  });

  it('stores passwords hashed', async () => {
    const w = await world();
    const row = (await w.repo.getCandidate(w.candidates[0]!.id))!;
    expect(row.passwordHash).toBe(await w.crypto.hashPassword('pass-1'));
  });
});
