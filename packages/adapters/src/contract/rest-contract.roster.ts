/**
 * The roster import's part of the REST contract suite, on CSV files made here (every target reads CSV; XLSX and
 * zips of photos need the reference server's readers and are tested there, packages/server/src/roster-files.test.ts):
 * a 500-row roster with three bad rows is reported line by line and writes nothing, the corrected file is imported
 * whole, a re-import with one change updates instead of duplicating, and a candidate logs in with the password the
 * import answered.
 */
import { describe, expect, it } from 'vitest';
import { idNumberCheckCharacter, PLEDGE_VERSION } from '@examroom/core';
import type { ContractRun } from './rest-contract.suite.js';

const MIN = 60_000;
const CSV = 'text/csv';
const encoder = new TextEncoder();

interface Report {
  rows: number;
  valid: boolean;
  create: number;
  update: number;
  unchanged: number;
  problems: { line: number; column?: string; code: string; message: string }[];
}
interface Imported {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  passwords: number;
  passwordsCsv: string;
  passwordsFileName: string;
}
interface AdminCandidate {
  id: string;
  name: string;
  idNumberMasked: string;
  admissionNumber: string;
  sittingId: string;
  photo: boolean;
  entered: boolean;
}

let serial = 0;

/** A valid 身份证号 (GB 11643 check character) of a person born on a day of 1990–2005, unique per `n` within a run. */
export function validIdNumber(n: number, region = '110105'): string {
  const day = new Date(Date.UTC(1990, 0, 1) + (n % 5000) * 86_400_000);
  const birth = `${day.getUTCFullYear()}${String(day.getUTCMonth() + 1).padStart(2, '0')}${String(day.getUTCDate()).padStart(2, '0')}`;
  const first17 = `${region}${birth}${String(Math.floor(n / 5000) % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
}

/** The same number with a wrong check character. */
const withWrongCheck = (idNumber: string) => idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1');

/** A CSV file (UTF-8, with a BOM as Excel writes it) of a header and rows; cells with commas or quotes quoted. */
export function csvFile(rows: readonly (readonly string[])[], header: readonly string[] = ['姓名', '身份证号', '准考证号', '场次']): Uint8Array {
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return encoder.encode(`\uFEFF${[header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`);
}

/** The passwords file's records (after its BOM and header): 姓名, 准考证号, 身份证号 masked, 场次, 密码. */
export function passwordsOf(passwordsCsv: string): Map<string, { name: string; idNumberMasked: string; sitting: string; password: string }> {
  expect(passwordsCsv.startsWith('\uFEFF')).toBe(true);
  const [header, ...lines] = passwordsCsv.slice(1).trim().split(/\r\n/);
  expect(header).toBe('姓名,准考证号,身份证号,场次,密码');
  return new Map(
    lines.map((line) => {
      const [name, admissionNumber, idNumberMasked, sitting, password] = line.split(',') as [string, string, string, string, string];
      return [admissionNumber, { name, idNumberMasked, sitting, password }];
    }),
  );
}

export function describeRosterContract({ c, nextStart }: ContractRun) {
  /** A fresh administrator's exam (no phone needed: not about evidence) with two sittings. */
  const examWithSittings = async () => {
    serial += 1;
    const startsAt = nextStart();
    // The administrator's session runs on the server's clock: logged in after it moved.
    await c.setClock(startsAt - 60 * MIN);
    const admin = await c.administrator();
    const exam = (await c.ok('adminCreateExam', { token: admin.token, body: { title: `名单导入 ${serial}`, timeZone: 'Asia/Shanghai', policy: { requireEvidence: false } } })) as { id: string };
    const first = (await c.ok('adminCreateSitting', { token: admin.token, params: { examId: exam.id }, body: { name: '上午场', startsAt } })) as { id: string };
    const second = (await c.ok('adminCreateSitting', { token: admin.token, params: { examId: exam.id }, body: { name: '下午场', startsAt: startsAt + 240 * MIN } })) as { id: string };
    return { admin, examId: exam.id, startsAt, sittings: [first.id, second.id] as const };
  };
  const upload = (route: 'adminPreviewRoster' | 'adminImportRoster', token: string, examId: string, bytes: Uint8Array, contentType = CSV, lang?: string) =>
    c.api(route, { token, params: { examId }, bytes, contentType, ...(lang ? { lang } : {}) });
  const candidatesOf = async (token: string, examId: string) => (await c.ok('adminListCandidates', { token, params: { examId } })) as AdminCandidate[];

  describe('roster import', () => {
    it('a 500-row roster with three bad rows: every bad row reported with its line and reason, nothing written until fixed; then imported whole, and re-imported with one change: updated, not duplicated; a candidate logs in with the exported password', async () => {
      const { admin, examId, startsAt, sittings } = await examWithSittings();
      const base = serial * 1000;
      const rows = Array.from({ length: 500 }, (_, i) => [`考生${i + 1}`, validIdNumber(base + i), `2031${String(i + 1).padStart(5, '0')}`, i % 2 === 0 ? '上午场' : sittings[1]]);
      const bad = rows.map((row) => [...row]);
      bad[41]![1] = withWrongCheck(bad[41]![1]!); // line 43: the check character
      bad[199]![3] = '晚上场'; // line 201: no such sitting
      bad[349]![2] = bad[10]![2]!; // lines 12 and 351: one 准考证号 twice

      const report = (await c.ok('adminPreviewRoster', { token: admin.token, params: { examId }, bytes: csvFile(bad), contentType: CSV })) as Report;
      expect(report).toMatchObject({ rows: 500, valid: false });
      expect(report.problems.map((p) => [p.line, p.column, p.code])).toEqual([
        [12, 'admissionNumber', 'ADMISSION_NUMBER_DUPLICATE'],
        [43, 'idNumber', 'ID_NUMBER_CHECKSUM'],
        [201, 'sitting', 'SITTING_UNKNOWN'],
        [351, 'admissionNumber', 'ADMISSION_NUMBER_DUPLICATE'],
      ]);
      expect(report.problems[1]!.message).toContain('校验位');
      // The words follow Accept-Language.
      const english = (await upload('adminPreviewRoster', admin.token, examId, csvFile(bad), CSV, 'en')).body as Report;
      expect(english.problems[1]!.message).toContain('check character');

      const refused = await upload('adminImportRoster', admin.token, examId, csvFile(bad));
      expect([refused.status, (refused.body as { code: string }).code]).toEqual([422, 'ROSTER_INVALID']);
      expect(await candidatesOf(admin.token, examId)).toEqual([]);

      const fixed = (await c.ok('adminPreviewRoster', { token: admin.token, params: { examId }, bytes: csvFile(rows), contentType: CSV })) as Report;
      expect(fixed).toEqual({ rows: 500, valid: true, create: 500, update: 0, unchanged: 0, problems: [] });
      const imported = (await c.ok('adminImportRoster', { token: admin.token, params: { examId }, bytes: csvFile(rows), contentType: CSV })) as Imported;
      expect(imported).toMatchObject({ rows: 500, created: 500, updated: 0, unchanged: 0, passwords: 500 });
      expect(imported.passwordsFileName).toMatch(/\.csv$/);
      const passwords = passwordsOf(imported.passwordsCsv);
      expect(passwords.size).toBe(500);
      const first = passwords.get('203100001')!;
      expect(first).toMatchObject({ name: '考生1', sitting: '上午场' });
      expect(first.password).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/);
      // Never the full 身份证号 in the file: masked, as everywhere it is shown.
      expect(first.idNumberMasked).toBe(`${rows[0]![1]!.slice(0, 4)}**********${rows[0]![1]!.slice(-4)}`);
      expect(imported.passwordsCsv).not.toContain(rows[0]![1]!);

      const listed = await candidatesOf(admin.token, examId);
      expect(listed).toHaveLength(500);
      expect(listed.filter((x) => x.sittingId === sittings[0])).toHaveLength(250);

      // One change: the candidate of line 3 moves to the morning sitting and has a corrected name.
      const changed = rows.map((row) => [...row]);
      changed[1]![0] = '考生二';
      changed[1]![3] = sittings[0];
      const again = (await c.ok('adminPreviewRoster', { token: admin.token, params: { examId }, bytes: csvFile(changed), contentType: CSV })) as Report;
      expect(again).toEqual({ rows: 500, valid: true, create: 0, update: 1, unchanged: 499, problems: [] });
      const reimported = (await c.ok('adminImportRoster', { token: admin.token, params: { examId }, bytes: csvFile(changed), contentType: CSV })) as Imported;
      expect(reimported).toMatchObject({ created: 0, updated: 1, unchanged: 499, passwords: 0 });
      expect(passwordsOf(reimported.passwordsCsv).size).toBe(0);
      const after = await candidatesOf(admin.token, examId);
      expect(after).toHaveLength(500);
      const moved = after.find((x) => x.admissionNumber === '203100002')!;
      expect(moved).toMatchObject({ name: '考生二', sittingId: sittings[0], id: listed.find((x) => x.admissionNumber === '203100002')!.id });

      // A candidate of the roster logs in with the exported password, by their full 身份证号, and sits the interview.
      await c.setClock(startsAt - 10 * MIN);
      const { token } = (await c.ok('loginWithPassword', { body: { examId, idNumber: rows[0]![1]!, password: first.password, deviceKey: 'device-roster-1' } })) as { token: string };
      const me = (await c.ok('getMe', { token })) as { candidate: { name: string; admissionNumber: string; idNumberMasked: string } };
      expect(me.candidate).toMatchObject({ name: '考生1', admissionNumber: '203100001', idNumberMasked: first.idNumberMasked });
      await c.ok('enter', { token });
      await c.ok('confirm', { token, body: { kind: 'devices' } });
      await c.ok('confirm', { token, body: { kind: 'info' } });
      await c.ok('confirm', { token, body: { kind: 'pledge', pledgeVersion: PLEDGE_VERSION } });
      // The password of another candidate is not theirs.
      await c.fails('loginWithPassword', { body: { examId, idNumber: rows[2]![1]!, password: first.password, deviceKey: 'device-roster-3' } }, 401, 'INVALID_CREDENTIALS');

      // Entered: no longer moved to another sitting, and the whole file is refused for it.
      const away = rows.map((row) => [...row]);
      away[0]![3] = '下午场';
      const entered = (await c.ok('adminPreviewRoster', { token: admin.token, params: { examId }, bytes: csvFile(away), contentType: CSV })) as Report;
      expect(entered.problems.map((p) => [p.line, p.code])).toEqual([[2, 'CANDIDATE_ENTERED']]);
      const stays = await upload('adminImportRoster', admin.token, examId, csvFile(away));
      expect([stays.status, (stays.body as { code: string }).code]).toEqual([422, 'ROSTER_INVALID']);
      expect((await candidatesOf(admin.token, examId)).find((x) => x.admissionNumber === '203100001')).toMatchObject({ sittingId: sittings[0], entered: true });

      const audit = (await c.ok('adminListAudit', { token: admin.token, query: { action: 'roster.import' } })) as { entries: { detail: Record<string, unknown> }[] };
      expect(audit.entries.map((e) => e.detail)).toEqual([
        { rows: 500, created: 0, updated: 1, unchanged: 499, passwords: 0 },
        { rows: 500, created: 500, updated: 0, unchanged: 0, passwords: 500 },
      ]);
      expect(JSON.stringify(audit)).not.toContain(rows[0]![1]!);
    }, 180_000);

    it('checks every field: English headers, missing and overlong fields, formats, duplicates within the file and against other candidates, sittings by id or name, the 密码 column', async () => {
      const { admin, examId, startsAt, sittings } = await examWithSittings();
      const base = serial * 1000;
      const existing = validIdNumber(base + 900);
      await c.ok('adminImportRoster', { token: admin.token, params: { examId }, bytes: csvFile([['已有', existing, 'OLD-1', '上午场']]), contentType: CSV });
      const header = ['Name', 'ID number', 'Admission number', 'Sitting', 'Photo', 'Password', '备注'];
      const rows = [
        ['', validIdNumber(base + 1), 'A-1', '上午场', '', '', ''], // 2 NAME_MISSING
        ['乙', '', 'A-2', '上午场', '', '', ''], // 3 ID_NUMBER_MISSING
        ['丙', '1101051990010', 'A-3', '上午场', '', '', ''], // 4 ID_NUMBER_FORMAT
        ['丁', '110105199002300011', 'A-4', '上午场', '', '', ''], // 5 ID_NUMBER_BIRTH_DATE
        ['戊', validIdNumber(base + 5), 'A 5', '上午场', '', '', ''], // 6 ADMISSION_NUMBER_FORMAT
        ['己', validIdNumber(base + 6), 'OLD-1', '上午场', '', '', ''], // 7 ADMISSION_NUMBER_TAKEN (still the existing candidate's)
        ['庚', validIdNumber(base + 7), 'A-7', '', '', '', ''], // 8 SITTING_MISSING
        ['辛', validIdNumber(base + 8), 'A-8', sittings[1], 'a/b.jpg', '', ''], // 9 PHOTO_NAME_INVALID
        ['壬', validIdNumber(base + 9), 'A-9', '上午场', '', '=1+1', ''], // 10 PASSWORD_INVALID
        ['癸'.repeat(101), validIdNumber(base + 10), 'A-10', '上午场', '', '', ''], // 11 FIELD_TOO_LONG
        ['重一', validIdNumber(base + 11), 'A-11', '上午场', '', '', ''], // 12 ID_NUMBER_DUPLICATE
        ['重二', validIdNumber(base + 11).toLowerCase(), 'A-12', '上午场', '', '', ''], // 13 ID_NUMBER_DUPLICATE
        ['已有改名', existing, 'OLD-2', '下午场', 'old.png', 'own-pass-1', ''], // 14 fine: an update, with a new 准考证号 and its own password
        ['子', validIdNumber(base + 14), 'A-14', sittings[0], 'zi.JPG', '', '随便'], // 15 fine: a sitting by id
      ];
      const report = (await c.ok('adminPreviewRoster', { token: admin.token, params: { examId }, bytes: csvFile(rows, header), contentType: CSV })) as Report;
      expect(report.problems.map((p) => [p.line, p.column, p.code])).toEqual([
        [2, 'name', 'NAME_MISSING'],
        [3, 'idNumber', 'ID_NUMBER_MISSING'],
        [4, 'idNumber', 'ID_NUMBER_FORMAT'],
        [5, 'idNumber', 'ID_NUMBER_BIRTH_DATE'],
        [6, 'admissionNumber', 'ADMISSION_NUMBER_FORMAT'],
        [7, 'admissionNumber', 'ADMISSION_NUMBER_TAKEN'],
        [8, 'sitting', 'SITTING_MISSING'],
        [9, 'photo', 'PHOTO_NAME_INVALID'],
        [10, 'password', 'PASSWORD_INVALID'],
        [11, 'name', 'FIELD_TOO_LONG'],
        [12, 'idNumber', 'ID_NUMBER_DUPLICATE'],
        [13, 'idNumber', 'ID_NUMBER_DUPLICATE'],
      ]);
      expect(report).toMatchObject({ rows: 14, valid: false, create: 1, update: 1, unchanged: 0 });

      const good = rows.slice(12);
      const imported = (await c.ok('adminImportRoster', { token: admin.token, params: { examId }, bytes: csvFile(good, header), contentType: CSV })) as Imported;
      expect(imported).toMatchObject({ created: 1, updated: 1, passwords: 2 });
      const passwords = passwordsOf(imported.passwordsCsv);
      expect(passwords.get('OLD-2')).toMatchObject({ name: '已有改名', sitting: '下午场', password: 'own-pass-1' });
      // The afternoon sitting's candidate now, with the password the 密码 column set.
      await c.setClock(startsAt + 230 * MIN);
      await c.ok('loginWithPassword', { body: { examId, idNumber: existing, password: 'own-pass-1', deviceKey: 'device-own-pass' } });
    }, 60_000);

    it('refuses what is not a roster: the header’s missing columns, an empty file, a file of another type, a zip sent as CSV, an unreadable encoding', async () => {
      const { admin, examId } = await examWithSittings();
      const missing = (await c.ok('adminPreviewRoster', { token: admin.token, params: { examId }, bytes: csvFile([['甲', 'x']], ['姓名', '备注']), contentType: CSV })) as Report;
      expect(missing.problems.map((p) => [p.line, p.column, p.code])).toEqual([
        [1, 'idNumber', 'COLUMNS_MISSING'],
        [1, 'admissionNumber', 'COLUMNS_MISSING'],
        [1, 'sitting', 'COLUMNS_MISSING'],
      ]);
      const twice = (await c.ok('adminPreviewRoster', { token: admin.token, params: { examId }, bytes: csvFile([], ['姓名', 'name', '身份证号', '准考证号', '场次']), contentType: CSV })) as Report;
      expect(twice.problems.map((p) => p.code)).toEqual(['COLUMN_DUPLICATE']);
      const empty = (await c.ok('adminPreviewRoster', { token: admin.token, params: { examId }, bytes: csvFile([]), contentType: CSV })) as Report;
      expect(empty.problems.map((p) => [p.line, p.code])).toEqual([[1, 'EMPTY']]);

      const text = await upload('adminPreviewRoster', admin.token, examId, encoder.encode('姓名\n'), 'text/plain');
      expect([text.status, (text.body as { code: string }).code]).toEqual([415, 'FILE_TYPE_UNSUPPORTED']);
      const json = await c.api('adminPreviewRoster', { token: admin.token, params: { examId }, body: { rows: [] } });
      expect([json.status, (json.body as { code: string }).code]).toEqual([415, 'FILE_TYPE_UNSUPPORTED']);
      const zipAsCsv = await upload('adminPreviewRoster', admin.token, examId, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
      expect([zipAsCsv.status, (zipAsCsv.body as { code: string }).code]).toEqual([400, 'FILE_UNREADABLE']);
      // Neither UTF-8 nor GB18030.
      const garbage = await upload('adminPreviewRoster', admin.token, examId, new Uint8Array([0xff, 0xff, 0xfe, 0x80, 0x81, 0xff]));
      expect([garbage.status, (garbage.body as { code: string }).code]).toEqual([400, 'FILE_UNREADABLE']);
      const unclosed = await upload('adminPreviewRoster', admin.token, examId, encoder.encode('姓名,身份证号,准考证号,场次\n"甲,1,2,3\n'));
      expect([unclosed.status, (unclosed.body as { code: string }).code]).toEqual([400, 'FILE_UNREADABLE']);
      const unknownExam = await upload('adminPreviewRoster', admin.token, 'exam_none', csvFile([]));
      expect([unknownExam.status, (unknownExam.body as { code: string }).code]).toEqual([404, 'EXAM_NOT_FOUND']);
      expect(await candidatesOf(admin.token, examId)).toEqual([]);
    });

    it('reads a CSV saved by Excel on a Chinese Windows (GB18030, no BOM) and one with a quoted cell over two lines', async () => {
      const { admin, examId } = await examWithSittings();
      const idNumber = validIdNumber(serial * 1000 + 1);
      // 姓名,身份证号,准考证号,场次 / 张三,…,G-1,上午场 in GB18030 (GBK) bytes.
      const gbk = [0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5, 0x2c, 0xd7, 0xbc, 0xbf, 0xbc, 0xd6, 0xa4, 0xba, 0xc5, 0x2c, 0xb3, 0xa1, 0xb4, 0xce, 0x0d, 0x0a];
      const row = [0xd5, 0xc5, 0xc8, 0xfd, 0x2c, ...encoder.encode(`${idNumber},G-1,`), 0xc9, 0xcf, 0xce, 0xe7, 0xb3, 0xa1, 0x0d, 0x0a];
      const report = (await c.ok('adminPreviewRoster', { token: admin.token, params: { examId }, bytes: new Uint8Array([...gbk, ...row]), contentType: 'application/vnd.ms-excel' })) as Report;
      expect(report).toMatchObject({ rows: 1, valid: true, create: 1 });
      const multiline = csvFile([['"李\n四"', validIdNumber(serial * 1000 + 2), 'G-2', '上午场'], ['王五', 'bad', 'G-3', '上午场']]);
      const lines = (await c.ok('adminPreviewRoster', { token: admin.token, params: { examId }, bytes: multiline, contentType: CSV })) as Report;
      expect(lines.problems.map((p) => [p.line, p.code])).toEqual([[4, 'ID_NUMBER_FORMAT']]);
      await c.ok('adminImportRoster', { token: admin.token, params: { examId }, bytes: new Uint8Array([...gbk, ...row]), contentType: CSV });
      expect((await candidatesOf(admin.token, examId)).map((x) => x.name)).toEqual(['张三']);
    });
  });
}
