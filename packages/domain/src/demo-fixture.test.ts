import { describe, expect, it } from 'vitest';
import { applyDemoExam, demoAccountsNow, demoStartsAt } from './demo-fixture.js';
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
      expect((await domain.getMe(await domain.authenticate(session.token))).candidate.name).toBe(c.name);
    }
    const supervisor = await domain.authenticate((await domain.supervisorLogin(accounts.supervisor, { ip: '1.1.1.1' })).token);
    expect((await domain.listSittings(supervisor)).map((s) => s.sitting.id)).toEqual(accounts.sittings.map((s) => s.id));
    expect(await domain.getExam('exam-demo')).toMatchObject({ title: '2026年综合素质评估（演示）', timeZone: 'Asia/Shanghai' });
    expect(accounts.timeZone).toBe('Asia/Shanghai');
    expect(await repo.listQuestions('exam-demo')).toHaveLength(3);
  });

  it('changes nothing when the demo exam exists, and still lists the accounts', async () => {
    const repo = createMemoryRepository();
    const crypto = createMemoryCrypto();
    const first = await applyDemoExam(repo, crypto, Date.UTC(2030, 0, 1, 9, 0));
    const again = await applyDemoExam(repo, crypto, Date.UTC(2030, 0, 2, 9, 0));
    expect(first.created).toBe(true);
    expect(again).toEqual({ ...first, created: false });
    expect(await repo.listSittings('exam-demo')).toHaveLength(2);
  });
});

describe('a demo that a newcomer cannot miss', () => {
  const T0 = Date.UTC(2030, 0, 1, 9, 0);
  async function demoAt(options: { demo: boolean }) {
    const repo = createMemoryRepository();
    const crypto = createMemoryCrypto();
    const accounts = await applyDemoExam(repo, crypto, T0);
    let now = T0;
    const domain = createExamDomain({ repo, clock: { now: () => now }, crypto, phoneUrl: (c) => c, uploadUrl: (id) => id, demo: options.demo });
    const login = (index: number, deviceKey = `device-${index}`) => {
      const c = accounts.candidates[index]!;
      return domain.loginWithPassword({ examId: accounts.examId, idNumber: c.idNumber, password: c.password, deviceKey }, { ip: '1.1.1.1' });
    };
    return { repo, accounts, domain, login, setNow: (at: number) => (now = at) };
  }

  it('moves a demo account that comes after its sitting closed to a new sitting five minutes later, shared by the minute', async () => {
    const demo = await demoAt({ demo: true });
    const first = demo.accounts.sittings[0]!;
    // 20 minutes idle: the first sitting (T0 + 5 min) closed entry at T0 + 7 min.
    demo.setNow(T0 + 20 * MIN + 10_000);
    const token = (await demo.login(0)).token;
    const me = await demo.domain.getMe(await demo.domain.authenticate(token));
    expect(me.sitting).toMatchObject({ startsAt: T0 + 26 * MIN, name: '演示场次 17:26' });
    expect(me.sitting.id).not.toBe(first.id);
    expect(me.progress).toMatchObject({ enteredAt: null, finishedAt: null });
    // Another account in the same minute joins the same sitting; the supervisor sees it.
    await demo.login(1);
    expect((await demoAccountsNow(demo.repo, demo.accounts)).candidates.slice(0, 3).map((c) => c.sittingId)).toEqual([me.sitting.id, me.sitting.id, first.id]);
    expect((await demoAccountsNow(demo.repo, demo.accounts)).sittings.map((s) => s.id)).toContain(me.sitting.id);
  });

  it('takes an existing sitting that starts four to ten minutes ahead, not one further', async () => {
    const demo = await demoAt({ demo: true });
    const second = demo.accounts.sittings[1]!;
    demo.setNow(second.startsAt - 10 * MIN - 1);
    expect((await demo.domain.getMe(await demo.domain.authenticate((await demo.login(0)).token))).sitting.id).not.toBe(second.id);
    demo.setNow(second.startsAt - 4 * MIN);
    expect((await demo.domain.getMe(await demo.domain.authenticate((await demo.login(1)).token))).sitting.id).toBe(second.id);
  });

  it('leaves alone one who entered, a sitting still open, and every account when the demo is off', async () => {
    const on = await demoAt({ demo: true });
    on.setNow(T0 + 3 * MIN);
    await on.login(0);
    const candidate = (await on.repo.getCandidate('demo-cand-1'))!;
    expect(candidate.sittingId).toBe(on.accounts.sittings[0]!.id);
    await on.repo.updateCandidate({ ...candidate, stage: 'answering', enteredAt: T0 + 5 * MIN });
    // After the evidence's due time (an hour past the deadline) the one who entered is over, never moved to sit again.
    on.setNow(T0 + 5 * MIN + 5 * MIN + 60 * MIN);
    await expect(on.login(0, 'device-0')).rejects.toMatchObject({ code: 'EXAM_OVER' });
    const off = await demoAt({ demo: false });
    off.setNow(T0 + 20 * MIN);
    await expect(off.login(0)).rejects.toMatchObject({ code: 'LATE_ENTRY_CLOSED' });
    expect(await off.repo.listSittings('exam-demo')).toHaveLength(2);
  });
});
