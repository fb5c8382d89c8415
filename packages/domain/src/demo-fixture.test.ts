import { describe, expect, it } from 'vitest';
import { applyDemoExam, demoStartsAt } from './demo-fixture.js';
import { createExamDomain } from './exam-domain.js';
import { createMemoryCrypto } from './memory-crypto.js';
import { createMemoryRepository } from './memory-repository.js';

const MIN = 60_000;

describe('the demo exam', () => {
  it('starts five minutes after start-up, rounded up to a whole minute; the second sitting 90 minutes later', async () => {
    expect(demoStartsAt(Date.UTC(2030, 0, 1, 9, 0, 0))).toBe(Date.UTC(2030, 0, 1, 9, 5));
    expect(demoStartsAt(Date.UTC(2030, 0, 1, 9, 0, 1))).toBe(Date.UTC(2030, 0, 1, 9, 6));
    const now = Date.UTC(2030, 0, 1, 9, 0, 30);
    const accounts = await applyDemoExam(createMemoryRepository(), createMemoryCrypto(), now);
    expect(accounts.sittings.map((s) => s.startsAt)).toEqual([Date.UTC(2030, 0, 1, 9, 6), Date.UTC(2030, 0, 1, 9, 6) + 90 * MIN]);
  });

  it('lets every printed account log in at once, and the supervisor see both sittings', async () => {
    const now = Date.UTC(2030, 0, 1, 9, 0);
    const repo = createMemoryRepository();
    const crypto = createMemoryCrypto();
    const accounts = await applyDemoExam(repo, crypto, now);
    const domain = createExamDomain({ repo, clock: { now: () => now }, crypto, phoneUrl: (c) => c, uploadUrl: (id) => id });
    expect(accounts.candidates).toHaveLength(6);
    const first = accounts.candidates.filter((c) => c.sittingId === accounts.sittings[0]!.id);
    expect(first).toHaveLength(3);
    for (const c of first) {
      const session = await domain.loginWithPassword({ examId: accounts.examId, idNumber: c.idNumber, password: c.password, deviceKey: 'device-key-1' }, { ip: '1.1.1.1' });
      expect(domain.getMe(domain.authenticate(session.token)).candidate.name).toBe(c.name);
    }
    const supervisor = domain.authenticate((await domain.supervisorLogin(accounts.supervisor, { ip: '1.1.1.1' })).token);
    expect(domain.listSittings(supervisor).map((s) => s.sitting.id)).toEqual(accounts.sittings.map((s) => s.id));
    expect(domain.getExam('exam-demo')).toMatchObject({ title: '2026年综合素质评估（演示）', timeZone: 'Asia/Shanghai' });
    expect(accounts.timeZone).toBe('Asia/Shanghai');
    expect(repo.listQuestions('exam-demo')).toHaveLength(3);
  });

  it('changes nothing when the demo exam exists, and still lists the accounts', async () => {
    const repo = createMemoryRepository();
    const crypto = createMemoryCrypto();
    const first = await applyDemoExam(repo, crypto, Date.UTC(2030, 0, 1, 9, 0));
    const again = await applyDemoExam(repo, crypto, Date.UTC(2030, 0, 2, 9, 0));
    expect(first.created).toBe(true);
    expect(again).toEqual({ ...first, created: false });
    expect(repo.listSittings('exam-demo')).toHaveLength(2);
  });
});
