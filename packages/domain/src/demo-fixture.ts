/**
 * The seeded demo exam that `npm start` and the MSW handlers offer: two sittings, six candidates, a supervisor and
 * three interview questions. Every account is a demo account, printed on start and listed in the README.
 */
import { isEntryClosed, type Sitting } from '@examroom/core';
import { mapInOrder, scheduleFor } from './exam-domain/context.js';
import type { DomainCrypto } from './exam-domain.types.js';
import { newCandidateRow, storedIdNumber, type CandidateRow, type Repository, type SittingRow } from './repository.js';

export const DEMO_EXAM_ID = 'exam-demo';
export const DEMO_EXAM_TITLE = '2026年综合素质评估（演示）';
/** The demo exam is held on Beijing time: its pages show times there, whatever the browser's zone. */
export const DEMO_TIME_ZONE = 'Asia/Shanghai';

const MIN = 60_000;

const SITTINGS = [
  { id: 'demo-sitting-1', name: '第一场', offsetMs: 0 },
  { id: 'demo-sitting-2', name: '第二场', offsetMs: 90 * MIN },
] as const;

const CANDIDATES = [
  { id: 'demo-cand-1', name: '张三', idNumber: '110101200001010011', sitting: 0 },
  { id: 'demo-cand-2', name: '李四', idNumber: '110101200001010022', sitting: 0 },
  { id: 'demo-cand-3', name: '王五', idNumber: '110101200001010033', sitting: 0 },
  { id: 'demo-cand-4', name: '赵六', idNumber: '110101200001010044', sitting: 1 },
  { id: 'demo-cand-5', name: '孙七', idNumber: '110101200001010055', sitting: 1 },
  { id: 'demo-cand-6', name: '周八', idNumber: '110101200001010066', sitting: 1 },
] as const;

const QUESTIONS = [
  '请简要介绍你报考本专业的原因，以及你为此做过哪些准备。',
  '请谈谈你在团队合作中遇到的一次困难，以及你是如何解决的。',
  '你如何看待人工智能对未来学习方式的影响？请结合自身经历谈谈。',
] as const;

/** The demo's own accounts: only these are moved to a later sitting (tests may seed others into the demo exam). */
const DEMO_CANDIDATE_IDS: ReadonlySet<string> = new Set(CANDIDATES.map((c) => c.id));

export const DEMO_CANDIDATE_PASSWORD = 'demo1234';
export const DEMO_SUPERVISOR = { id: 'demo-supervisor', username: 'supervisor', password: 'demo-supervisor' } as const;

export interface DemoAccounts {
  /** False when the demo exam already existed and nothing was written. */
  readonly created: boolean;
  readonly examId: string;
  readonly examTitle: string;
  /** The exam's IANA time zone, which its times are shown in. */
  readonly timeZone: string;
  readonly sittings: readonly { readonly id: string; readonly name: string; readonly startsAt: number }[];
  readonly candidates: readonly {
    readonly name: string;
    readonly idNumber: string;
    readonly password: string;
    readonly admissionNumber: string;
    readonly sittingId: string;
  }[];
  readonly supervisor: { readonly username: string; readonly password: string };
}

const admissionNumber = (i: number) => `2026${String(i + 1).padStart(6, '0')}`;

/** The first sitting's start: five minutes from `now`, rounded up to a whole minute (login is already open). */
export function demoStartsAt(now: number): number {
  return Math.ceil((now + 5 * MIN) / MIN) * MIN;
}

/**
 * Writes the demo exam unless it exists (then it changes nothing). Entry times follow the default policy, so with
 * the first sitting five minutes away both login and entry are open at once.
 */
export async function applyDemoExam(repo: Repository, crypto: DomainCrypto, now: number): Promise<DemoAccounts> {
  let created = false;
  if (!(await repo.getExam(DEMO_EXAM_ID))) {
    const [candidateHash, supervisorHash] = await Promise.all([crypto.hashPassword(DEMO_CANDIDATE_PASSWORD), crypto.hashPassword(DEMO_SUPERVISOR.password)]);
    const startsAt = demoStartsAt(now);
    created = await repo.transaction(async (repo) => {
      // Checked again inside: several servers starting together on one database seed it once (the others' work is
      // refused at commit and runs again, finding the exam).
      if (await repo.getExam(DEMO_EXAM_ID)) return false;
      await repo.insertExam({ id: DEMO_EXAM_ID, title: DEMO_EXAM_TITLE, policy: {}, timeZone: DEMO_TIME_ZONE });
      for (const s of SITTINGS) {
        await repo.insertSitting({ id: s.id, examId: DEMO_EXAM_ID, name: s.name, startsAt: startsAt + s.offsetMs, entryOpensAt: null, policy: {} });
      }
      for (const [i, text] of QUESTIONS.entries()) await repo.insertQuestion({ id: `demo-q${i + 1}`, examId: DEMO_EXAM_ID, order: i + 1, text });
      for (const [i, c] of CANDIDATES.entries()) {
        const row = newCandidateRow(
          {
            id: c.id,
            examId: DEMO_EXAM_ID,
            sittingId: SITTINGS[c.sitting].id,
            name: c.name,
            ...storedIdNumber(crypto, c.idNumber),
            admissionNumber: admissionNumber(i),
            passwordHash: candidateHash,
          },
          now,
        );
        await repo.insertCandidate(row);
      }
      await repo.insertSupervisor({ id: DEMO_SUPERVISOR.id, username: DEMO_SUPERVISOR.username, passwordHash: supervisorHash, examIds: [DEMO_EXAM_ID] });
      return true;
    });
  }
  return {
    created,
    examId: DEMO_EXAM_ID,
    examTitle: DEMO_EXAM_TITLE,
    timeZone: (await repo.getExam(DEMO_EXAM_ID))?.timeZone ?? DEMO_TIME_ZONE,
    sittings: await demoSittings(repo),
    candidates: CANDIDATES.map((c, i) => ({
      name: c.name,
      idNumber: c.idNumber,
      password: DEMO_CANDIDATE_PASSWORD,
      admissionNumber: admissionNumber(i),
      sittingId: SITTINGS[c.sitting].id,
    })),
    supervisor: { username: DEMO_SUPERVISOR.username, password: DEMO_SUPERVISOR.password },
  };
}

/**
 * A candidate who came after their demo sitting closed is given one starting between these two after their login:
 * time to pair the phone, and not long to wait. Its entry is open already (the default opens it 15 minutes before the
 * start), so the server has given the lot (R11) by the time they reach 抽签.
 */
const RENEWED_SITTING_LEAD_MS = 4 * MIN;
const RENEWED_SITTING_LATEST_MS = 10 * MIN;

/**
 * Keeps the demo takeable, however long after `npm start` a newcomer arrives: a demo candidate who logs in after
 * their sitting closed entry, and who never entered, is moved to a demo sitting that starts four to ten minutes
 * later — an existing one, or a new one (演示场次 HH:MM) starting five minutes after now. Their lot, if drawn, goes
 * with the old sitting (lots are per sitting). Only the demo's six accounts: an institution's rules are never bent. Called by the login, inside its transaction, before the login's own refusals. Returns the candidate as
 * they now are.
 */
export async function keepDemoSittingOpen(repo: Repository, candidate: CandidateRow, now: number): Promise<CandidateRow> {
  if (!DEMO_CANDIDATE_IDS.has(candidate.id) || candidate.enteredAt !== null || candidate.finishedAt !== null) return candidate;
  const current = await repo.getSitting(candidate.sittingId);
  const exam = await repo.getExam(DEMO_EXAM_ID);
  // The candidate's own schedule: a supervisor's late entry keeps them where they are.
  if (!current || !exam || !isEntryClosed(scheduleFor(exam, current, candidate), now)) return candidate;
  const later = (await repo
    .listSittings(DEMO_EXAM_ID))
    .filter((s) => s.startsAt >= now + RENEWED_SITTING_LEAD_MS && s.startsAt <= now + RENEWED_SITTING_LATEST_MS)
    .sort((a, b) => a.startsAt - b.startsAt)[0];
  const sitting = later ?? await newDemoSitting(repo, exam.timeZone, now);
  const moved: CandidateRow = { ...candidate, sittingId: sitting.id, lot: null, stage: candidate.stage === 'awaitingEntry' ? 'drawingLot' : candidate.stage };
  await repo.updateCandidate(moved);
  return moved;
}

async function newDemoSitting(repo: Repository, timeZone: string, now: number): Promise<Pick<Sitting, 'id' | 'startsAt'>> {
  const startsAt = demoStartsAt(now);
  const clock = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(startsAt);
  const row: SittingRow = { id: `demo-sitting-${startsAt}`, examId: DEMO_EXAM_ID, name: `演示场次 ${clock}`, startsAt, entryOpensAt: null, policy: {} };
  // Two logins in the same minute share the sitting.
  if (!(await repo.getSitting(row.id))) await repo.insertSitting(row);
  return row;
}

/** The demo exam's sittings as they stand now (the demo adds sittings as newcomers arrive), earliest first. */
async function demoSittings(repo: Repository): Promise<DemoAccounts['sittings']> {
  return (await repo
    .listSittings(DEMO_EXAM_ID))
    .map((s) => ({ id: s.id, name: s.name, startsAt: s.startsAt }))
    .sort((a, b) => a.startsAt - b.startsAt);
}

/** The demo's accounts as they stand now: its sittings, and each account's sitting after any move. */
export async function demoAccountsNow(repo: Repository, accounts: DemoAccounts): Promise<DemoAccounts> {
  return {
    ...accounts,
    sittings: await demoSittings(repo),
    candidates: await mapInOrder(accounts.candidates, async (c, i) => ({ ...c, sittingId: (await repo.getCandidate(CANDIDATES[i]?.id ?? ''))?.sittingId ?? c.sittingId })),
  };
}
