/**
 * The roster import: an exam's candidates from a CSV or XLSX file, checked row by row before anything is written.
 *
 * - **Preview** reads the file and answers every problem of every row with its line (the header is line 1), and how
 *   many rows would make, change or leave a candidate; it writes nothing.
 * - **Import** writes every row or none: one bad row and the answer is ROSTER_INVALID with nothing changed. The file
 *   is checked again inside the transaction that writes, so that nothing that changed meanwhile slips through.
 * - **Re-import** matches candidates by 身份证号 within the exam (its keyed hash): a person's number does not change,
 *   while an office may correct or reissue a 准考证号. A matched row updates the name, 准考证号, sitting and photo name,
 *   and the password only when the 密码 column gives one. Candidates missing from the file are left as they are.
 *   A candidate who entered the exam is not moved to another sitting (CANDIDATE_ENTERED); one who did not is moved
 *   with their lot dropped (lots are per sitting).
 * - **Passwords.** A new candidate gets a generated password (INITIAL_PASSWORD_ALPHABET, no 0/O, 1/I/L) unless the
 *   密码 column gives one. Every password this import set is answered once, in `passwordsCsv` (UTF-8 with a BOM for
 *   Excel): 姓名, 准考证号, the 身份证号 masked — the institution sends each candidate their 准考证号 and password, and
 *   the file must not become a list of ID numbers —, 场次 and 密码. Only the hashes are stored; nothing of it is logged.
 */
import { stringify } from 'csv-stringify/browser/esm/sync';
import {
  ErrorCode,
  INITIAL_PASSWORD_ALPHABET,
  INITIAL_PASSWORD_LENGTH,
  REQUIRED_ROSTER_COLUMNS,
  ROSTER_FIELD_MAX,
  ROSTER_HEADERS,
  ROSTER_MAX_ROWS,
  ROSTER_PASSWORD_MIN,
  ROSTER_PROBLEM_LOCALES,
  idNumberProblem,
  localeOfAcceptLanguage,
  maskIdNumber,
  normalizeIdNumber,
  rosterHeaderKey,
  type RosterColumn,
  type RosterProblem,
} from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import type { CallerInfo, DomainCrypto, ExamDomain, SheetRow } from '../exam-domain.types.js';
import { newCandidateRow, type CandidateRow, type ExamRow, type SittingRow } from '../repository.js';
import { asAdministrator, examOf } from './admin.js';
import { recordAudit } from './audit.js';
import { candidatesOfExam, fail, updateCandidate, type DomainContext, type DomainServices } from './context.js';
import { readRoster } from './roster-sheet.js';

export type AdminRosterCalls = Pick<ExamDomain, 'adminListCandidates' | 'adminPreviewRoster' | 'adminImportRoster'>;

/** One row as read, its texts trimmed ('' where the column is absent or the cell empty). */
interface RosterRow {
  readonly line: number;
  readonly fields: Readonly<Record<RosterColumn, string>>;
}

/** What importing a valid row does. */
interface PlannedRow {
  readonly line: number;
  readonly kind: 'create' | 'update' | 'unchanged';
  readonly name: string;
  readonly idNumber: string;
  readonly admissionNumber: string;
  readonly sitting: SittingRow;
  readonly rosterPhotoName: string | null;
  /** From the 密码 column; null when it is empty or absent. */
  readonly password: string | null;
  readonly existing: CandidateRow | null;
}

interface Problem {
  readonly line: number;
  readonly column?: RosterColumn;
  readonly code: RosterProblem;
}

interface Plan {
  readonly rows: number;
  readonly planned: readonly PlannedRow[];
  readonly problems: readonly Problem[];
}

const ADMISSION_NUMBER_PATTERN = /^[A-Za-z0-9-]+$/;
/** Visible ASCII, no blank: what a candidate can type on any keyboard. */
const PASSWORD_PATTERN = /^[\x21-\x7e]+$/;
/** A cell starting with one of these is a formula to Excel (and CSV injection in the passwords file). */
const FORMULA_START = /^[=+\-@]/;
const PHOTO_NAME_PATTERN = /^[^/\\:*?"<>|]+\.(?:jpe?g|png)$/i;

/** Which column each header names: unknown headers (序号, 备注…) are ignored; a column named twice is a problem. */
function columnsOf(header: SheetRow): { indexes: Partial<Record<RosterColumn, number>>; problems: Problem[] } {
  const indexes: Partial<Record<RosterColumn, number>> = {};
  const problems: Problem[] = [];
  header.cells.forEach((text, index) => {
    const key = rosterHeaderKey(text);
    const column = (Object.keys(ROSTER_HEADERS) as RosterColumn[]).find((c) => ROSTER_HEADERS[c].some((h) => rosterHeaderKey(h) === key));
    if (!column) return;
    if (indexes[column] !== undefined) problems.push({ line: header.line, column, code: 'COLUMN_DUPLICATE' });
    else indexes[column] = index;
  });
  for (const column of REQUIRED_ROSTER_COLUMNS) if (indexes[column] === undefined) problems.push({ line: header.line, column, code: 'COLUMNS_MISSING' });
  return { indexes, problems };
}

/** A sitting of the exam by its id, else by its name: null when none, 'ambiguous' when several share the name. */
function sittingNamed(sittings: readonly SittingRow[], text: string): SittingRow | null | 'ambiguous' {
  const byId = sittings.find((s) => s.id === text);
  if (byId) return byId;
  const byName = sittings.filter((s) => s.name.trim() === text);
  return byName.length > 1 ? 'ambiguous' : (byName[0] ?? null);
}

/** Lines of each value that appears more than once. */
function repeated(rows: readonly RosterRow[], value: (row: RosterRow) => string): Set<number> {
  const lines = new Map<string, number[]>();
  for (const row of rows) {
    const key = value(row);
    if (key !== '') lines.set(key, [...(lines.get(key) ?? []), row.line]);
  }
  return new Set([...lines.values()].filter((l) => l.length > 1).flat());
}

/** Checks every row against the exam as it stands; pure reads, so the import can run it again inside its transaction. */
async function planRoster(ctx: DomainContext, exam: ExamRow, sheet: readonly SheetRow[]): Promise<Plan> {
  const [header, ...body] = sheet;
  if (!header) return { rows: 0, planned: [], problems: [{ line: 1, code: 'EMPTY' }] };
  const { indexes, problems: headerProblems } = columnsOf(header);
  if (headerProblems.length > 0) return { rows: 0, planned: [], problems: headerProblems };
  const rows: RosterRow[] = body
    .map((row) => ({
      line: row.line,
      fields: Object.fromEntries(Object.entries(ROSTER_HEADERS).map(([column]) => {
        const index = indexes[column as RosterColumn];
        return [column, index === undefined ? '' : (row.cells[index] ?? '').trim()];
      })) as Record<RosterColumn, string>,
    }))
    .filter((row) => Object.values(row.fields).some((v) => v !== ''));
  if (rows.length === 0) return { rows: 0, planned: [], problems: [{ line: header.line, code: 'EMPTY' }] };
  if (rows.length > ROSTER_MAX_ROWS) return { rows: rows.length, planned: [], problems: [{ line: rows[ROSTER_MAX_ROWS]!.line, code: 'TOO_MANY_ROWS' }] };

  const { repo, crypto } = ctx;
  const sittings = await repo.listSittings(exam.id);
  const candidates = await candidatesOfExam(repo, exam.id);
  const byAdmission = new Map(candidates.map((c) => [c.admissionNumber, c]));
  const idNumberOf = (row: RosterRow) => normalizeIdNumber(row.fields.idNumber);
  const idDuplicates = repeated(rows, idNumberOf);
  const admissionDuplicates = repeated(rows, (row) => row.fields.admissionNumber);

  const problems: Problem[] = [];
  const planned: PlannedRow[] = [];
  for (const row of rows) {
    const { line, fields } = row;
    const found: Problem[] = [];
    const problem = (column: RosterColumn, code: RosterProblem) => found.push({ line, column, code });
    for (const column of Object.keys(ROSTER_FIELD_MAX) as RosterColumn[]) if (fields[column].length > ROSTER_FIELD_MAX[column] && column !== 'idNumber') problem(column, 'FIELD_TOO_LONG');

    if (fields.name === '') problem('name', 'NAME_MISSING');

    const idNumber = idNumberOf(row);
    if (idNumber === '') problem('idNumber', 'ID_NUMBER_MISSING');
    else {
      const invalid = idNumberProblem(idNumber);
      if (invalid) problem('idNumber', invalid === 'format' ? 'ID_NUMBER_FORMAT' : invalid === 'birthDate' ? 'ID_NUMBER_BIRTH_DATE' : 'ID_NUMBER_CHECKSUM');
      else if (idDuplicates.has(line)) problem('idNumber', 'ID_NUMBER_DUPLICATE');
    }
    const existing = idNumber === '' ? undefined : await repo.findCandidateByIdNumberHash(exam.id, crypto.idNumberHash(idNumber));

    const admissionNumber = fields.admissionNumber;
    if (admissionNumber === '') problem('admissionNumber', 'ADMISSION_NUMBER_MISSING');
    else if (!ADMISSION_NUMBER_PATTERN.test(admissionNumber)) problem('admissionNumber', 'ADMISSION_NUMBER_FORMAT');
    else if (admissionDuplicates.has(line)) problem('admissionNumber', 'ADMISSION_NUMBER_DUPLICATE');
    else {
      // Another candidate's, unless that candidate is the one this row updates.
      const holder = byAdmission.get(admissionNumber);
      if (holder && holder.id !== existing?.id) problem('admissionNumber', 'ADMISSION_NUMBER_TAKEN');
    }

    let sitting: SittingRow | null = null;
    if (fields.sitting === '') problem('sitting', 'SITTING_MISSING');
    else {
      const named = sittingNamed(sittings, fields.sitting);
      if (named === 'ambiguous') problem('sitting', 'SITTING_AMBIGUOUS');
      else if (named === null) problem('sitting', 'SITTING_UNKNOWN');
      else sitting = named;
    }
    if (existing && sitting && existing.sittingId !== sitting.id && existing.enteredAt !== null) problem('sitting', 'CANDIDATE_ENTERED');

    const photo = fields.photo;
    if (photo !== '' && !PHOTO_NAME_PATTERN.test(photo)) problem('photo', 'PHOTO_NAME_INVALID');
    const password = fields.password;
    if (password !== '' && (password.length < ROSTER_PASSWORD_MIN || !PASSWORD_PATTERN.test(password) || FORMULA_START.test(password))) problem('password', 'PASSWORD_INVALID');

    if (found.length > 0 || sitting === null) {
      problems.push(...found);
      continue;
    }
    const rosterPhotoName = photo === '' ? null : photo;
    const same =
      existing !== undefined &&
      existing.name === fields.name &&
      existing.admissionNumber === admissionNumber &&
      existing.sittingId === sitting.id &&
      existing.rosterPhotoName === rosterPhotoName &&
      password === '';
    planned.push({
      line,
      kind: existing === undefined ? 'create' : same ? 'unchanged' : 'update',
      name: fields.name,
      idNumber,
      admissionNumber,
      sitting,
      rosterPhotoName,
      password: password === '' ? null : password,
      existing: existing ?? null,
    });
  }
  return { rows: rows.length, planned, problems };
}

function reportOf(plan: Plan, caller: CallerInfo): C.RosterReportBody {
  const words = ROSTER_PROBLEM_LOCALES[localeOfAcceptLanguage(caller.acceptLanguage)];
  const count = (kind: PlannedRow['kind']) => plan.planned.filter((row) => row.kind === kind).length;
  return {
    rows: plan.rows,
    valid: plan.problems.length === 0,
    create: count('create'),
    update: count('update'),
    unchanged: count('unchanged'),
    problems: plan.problems.map((p) => ({ line: p.line, ...(p.column ? { column: p.column } : {}), code: p.code, message: words[p.code] })),
  };
}

/** A generated initial password: INITIAL_PASSWORD_LENGTH characters of the alphabet, uniformly (see pairingCode). */
function initialPassword(crypto: DomainCrypto): string {
  let password = '';
  while (password.length < INITIAL_PASSWORD_LENGTH) password += [...crypto.randomToken()].filter((c) => INITIAL_PASSWORD_ALPHABET.includes(c)).join('');
  return password.slice(0, INITIAL_PASSWORD_LENGTH);
}

/** The passwords file: UTF-8 with a BOM (Excel reads a CSV without one in the system's code page). */
function passwordsCsv(rows: readonly { row: PlannedRow; password: string }[]): string {
  const records = rows.map(({ row, password }) => [row.name, row.admissionNumber, maskIdNumber(row.idNumber), row.sitting.name, password]);
  // Names come from the institution's file: one starting like a formula is quoted as text for Excel.
  const cell = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);
  return `\uFEFF${stringify([['姓名', '准考证号', '身份证号', '场次', '密码'], ...records.map((r) => r.map(cell))], { record_delimiter: 'windows' })}`;
}

export function createAdminRosterCalls(ctx: DomainServices): AdminRosterCalls {
  const { crypto } = ctx;
  /** The plan of a file for an exam, read outside any transaction (reading an XLSX is asynchronous). */
  const read = async (principal: Parameters<ExamDomain['adminPreviewRoster']>[0], examId: string, file: C.UploadedFile) => {
    // Who asks and which exam come first: nobody else gets as far as parsing a file.
    await asAdministrator(ctx, principal, (_, ctx) => examOf(ctx, examId));
    return readRoster(file, ctx.options.rosterFiles);
  };
  return {
    adminListCandidates: (principal, examId) =>
      asAdministrator(ctx, principal, async (_, ctx) =>
        (await candidatesOfExam(ctx.repo, (await examOf(ctx, examId)).id)).map((c) => ({ id: c.id, name: c.name, idNumberMasked: c.idNumberMasked, admissionNumber: c.admissionNumber, sittingId: c.sittingId, photo: c.photoFile !== null, entered: c.enteredAt !== null })),
      ),

    async adminPreviewRoster(principal, examId, file, caller) {
      const sheet = await read(principal, examId, file);
      return asAdministrator(ctx, principal, async (_, ctx) => reportOf(await planRoster(ctx, await examOf(ctx, examId), sheet), caller));
    },

    async adminImportRoster(principal, examId, file) {
      const sheet = await read(principal, examId, file);
      const before = await asAdministrator(ctx, principal, async (_, ctx) => planRoster(ctx, await examOf(ctx, examId), sheet));
      if (before.problems.length > 0) fail(ErrorCode.ROSTER_INVALID);
      // Hashing is slow on purpose: before the transaction, side by side. Generated passwords are random and long
      // enough for the cheaper hash; the 密码 column's may be weak and get the full cost.
      const passwords = new Map<number, string>();
      for (const row of before.planned) {
        if (row.password !== null) passwords.set(row.line, row.password);
        else if (row.kind === 'create') passwords.set(row.line, initialPassword(crypto));
      }
      const hashes = new Map(
        await Promise.all(
          [...passwords].map(async ([line, password]) => [line, await crypto.hashPassword(password, { random: !before.planned.find((r) => r.line === line)!.password })] as const),
        ),
      );
      return asAdministrator(ctx, principal, async ({ actor, now }, ctx) => {
        const exam = await examOf(ctx, examId);
        // Again inside the transaction: the exam may have changed while the passwords were hashed.
        const plan = await planRoster(ctx, exam, sheet);
        const unchangedPlan = plan.problems.length === 0 && plan.planned.every((row, i) => row.kind === before.planned[i]?.kind && row.line === before.planned[i]?.line);
        if (!unchangedPlan) fail(ErrorCode.ROSTER_INVALID);
        for (const row of plan.planned) {
          const passwordHash = hashes.get(row.line);
          if (row.kind === 'create') {
            await ctx.repo.insertCandidate(
              newCandidateRow(
                {
                  id: crypto.randomId('cand'),
                  examId: exam.id,
                  sittingId: row.sitting.id,
                  name: row.name,
                  idNumberHash: crypto.idNumberHash(row.idNumber),
                  idNumberMasked: maskIdNumber(row.idNumber),
                  admissionNumber: row.admissionNumber,
                  passwordHash: passwordHash!,
                  rosterPhotoName: row.rosterPhotoName,
                },
                now,
              ),
            );
          } else if (row.kind === 'update' && row.existing) {
            const moved = row.existing.sittingId !== row.sitting.id;
            await updateCandidate(ctx, {
              ...row.existing,
              name: row.name,
              admissionNumber: row.admissionNumber,
              sittingId: row.sitting.id,
              rosterPhotoName: row.rosterPhotoName,
              ...(passwordHash !== undefined ? { passwordHash } : {}),
              // Lots are per sitting: one moved draws again in the new one.
              ...(moved ? { lot: null } : {}),
            });
          }
        }
        const count = (kind: PlannedRow['kind']) => plan.planned.filter((row) => row.kind === kind).length;
        const result = { rows: plan.rows, created: count('create'), updated: count('update'), unchanged: count('unchanged'), passwords: passwords.size };
        // Counts only: never a name, an ID number nor a password.
        await recordAudit(ctx, actor, 'roster.import', { type: 'exam', id: exam.id }, result);
        const set = plan.planned.filter((row) => passwords.has(row.line)).map((row) => ({ row, password: passwords.get(row.line)! }));
        return { ...result, passwordsCsv: passwordsCsv(set), passwordsFileName: `passwords-${exam.id}-${new Date(now).toISOString().slice(0, 10)}.csv` };
      });
    },
  };
}
