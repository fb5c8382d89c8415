/**
 * The roster import on the reference server, where the contract suite cannot go (its CSV part runs on every target,
 * rest-contract.roster.ts): XLSX workbooks (exceljs), zips of photos (yauzl) stored under the data directory, a
 * 2,000-row roster, the ID numbers' key file, and a server that logs at debug level without ever writing a 身份证号.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { contractClient } from '../../adapters/src/contract/contract-client.js';
import { csvFile, passwordsOf, validIdNumber } from '../../adapters/src/contract/rest-contract.roster.js';
import Database from 'better-sqlite3';
import { idNumberKey } from './id-number-key.js';
import { createNodeCrypto } from './node-crypto.js';
import { MIGRATIONS } from './sqlite-repository.js';
import { removeTempDirs, startServer, tempDir, type TestServer } from './test-support/server.js';

const MIN = 60_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const START = Date.UTC(2032, 4, 10, 1, 0);
/** A JPEG's and a PNG's first bytes, then anything: the server tells images by these, not by their names. */
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 5, 6, 7]);

const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  removeTempDirs();
});

async function serverWithExam(options: Parameters<typeof startServer>[0] = {}) {
  const server = await startServer({ demo: false, ...options });
  servers.push(server);
  const c = contractClient({ baseUrl: server.baseUrl, fetch: (input, init) => fetch(input, init) });
  await c.setClock(START - 60 * MIN);
  const admin = await c.administrator();
  const exam = (await c.ok('adminCreateExam', { token: admin.token, body: { title: '复试', timeZone: 'Asia/Shanghai', policy: { requireEvidence: false } } })) as { id: string };
  const sitting = (await c.ok('adminCreateSitting', { token: admin.token, params: { examId: exam.id }, body: { name: '第一场', startsAt: START } })) as { id: string };
  return { server, c, token: admin.token, examId: exam.id, sittingId: sitting.id };
}

async function workbook(rows: readonly (readonly (string | number)[])[]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('考生名单');
  for (const row of rows) sheet.addRow([...row]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('roster import on the server', () => {
  it('reads an XLSX workbook: every bad row by the sheet’s row number, an ID number typed as a number refused, then imported', async () => {
    const { c, token, examId } = await serverWithExam();
    const header = ['序号', '姓名', '身份证号', '准考证号', '场次', '照片'];
    const rows = Array.from({ length: 40 }, (_, i) => [i + 1, `考生${i + 1}`, validIdNumber(7000 + i), 20320000 + i, '第一场', `p${i + 1}.jpg`]);
    const bad = rows.map((r) => [...r]);
    bad[4]![2] = Number(validIdNumber(7100).slice(0, 17)); // row 6: a number, as Excel keeps a 身份证号 typed without a quote
    bad[9]![4] = '第二场'; // row 11
    const report = (await c.ok('adminPreviewRoster', { token, params: { examId }, bytes: await workbook([header, ...bad]), contentType: XLSX })) as {
      problems: { line: number; code: string }[];
    };
    expect(report.problems.map((p) => [p.line, p.code])).toEqual([
      [6, 'ID_NUMBER_FORMAT'],
      [11, 'SITTING_UNKNOWN'],
    ]);
    const imported = (await c.ok('adminImportRoster', { token, params: { examId }, bytes: await workbook([header, ...rows]), contentType: XLSX })) as {
      created: number;
      passwordsCsv: string;
    };
    expect(imported.created).toBe(40);
    // A 准考证号 kept as a number in the sheet reads as written.
    expect(passwordsOf(imported.passwordsCsv).get('20320000')).toMatchObject({ name: '考生1' });
    const notAWorkbook = await c.api('adminPreviewRoster', { token, params: { examId }, bytes: csvFile([]), contentType: XLSX });
    expect([notAWorkbook.status, (notAWorkbook.body as { code: string }).code]).toEqual([400, 'FILE_UNREADABLE']);
    const brokenZip = await c.api('adminPreviewRoster', { token, params: { examId }, bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]), contentType: XLSX });
    expect([brokenZip.status, (brokenZip.body as { code: string }).code]).toEqual([400, 'FILE_UNREADABLE']);
  });

  it('imports a 2,000-row roster in one request, well within the size limit', async () => {
    const { c, token, examId } = await serverWithExam();
    const rows = Array.from({ length: 2000 }, (_, i) => [`考生${i + 1}`, validIdNumber(20_000 + i), `B${String(i + 1).padStart(6, '0')}`, '第一场']);
    const file = csvFile(rows);
    expect(file.byteLength).toBeLessThan(200 * 1024);
    const imported = (await c.ok('adminImportRoster', { token, params: { examId }, bytes: file, contentType: 'text/csv' })) as { created: number; passwords: number };
    expect(imported).toMatchObject({ created: 2000, passwords: 2000 });
    expect((await c.ok('adminListCandidates', { token, params: { examId } })) as unknown[]).toHaveLength(2000);
    // A media type with parameters, as browsers send it, is the same type.
    const withCharset = (await c.ok('adminPreviewRoster', { token, params: { examId }, bytes: file, contentType: 'text/csv; charset=utf-8' })) as { unchanged: number };
    expect(withCharset.unchanged).toBe(2000);
    const tooLarge = await c.api('adminPreviewRoster', { token, params: { examId }, bytes: new Uint8Array(5 * 1024 * 1024 + 1).fill(0x41), contentType: 'text/csv' });
    expect([tooLarge.status, (tooLarge.body as { code: string }).code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  }, 120_000);

  it('stores photos from a zip by the 照片 column, the 准考证号 or the 身份证号, reports the rest, and refuses what is no zip', async () => {
    const { server, c, token, examId } = await serverWithExam();
    const ids = [validIdNumber(9001), validIdNumber(9002), validIdNumber(9003)];
    const header = ['姓名', '身份证号', '准考证号', '场次', '照片'];
    await c.ok('adminImportRoster', {
      token,
      params: { examId },
      bytes: csvFile(
        [
          ['甲', ids[0]!, 'P-1', '第一场', '甲的照片.JPG'],
          ['乙', ids[1]!, 'P-2', '第一场', ''],
          ['丙', ids[2]!, 'P-3', '第一场', ''],
        ],
        header,
      ),
      contentType: 'text/csv',
    });
    const zip = zipSync({
      'photos/甲的照片.jpg': JPEG,
      'photos/P-2.png': PNG,
      [`${ids[2]!.toLowerCase()}.jpg`]: JPEG,
      'photos/P-9.jpg': JPEG,
      'photos/notes.jpg': strToU8('not an image'),
      'photos/P-1.jpg': JPEG,
      'big.jpg': new Uint8Array(2 * 1024 * 1024 + 1).fill(0xff),
      '__MACOSX/photos/._P-2.png': strToU8('resource fork'),
    });
    const result = (await c.ok('adminImportPhotos', { token, params: { examId }, bytes: zip, contentType: 'application/zip' })) as {
      matched: { file: string; admissionNumber: string }[];
      unmatched: { file: string; reason: string }[];
    };
    expect(result.matched.map((m) => [m.file, m.admissionNumber])).toEqual([
      ['photos/甲的照片.jpg', 'P-1'],
      ['photos/P-2.png', 'P-2'],
      [`${ids[2]!.toLowerCase()}.jpg`, 'P-3'],
    ]);
    expect(result.unmatched).toEqual([
      { file: 'photos/P-9.jpg', reason: 'NO_CANDIDATE' },
      { file: 'photos/notes.jpg', reason: 'NOT_AN_IMAGE' },
      { file: 'photos/P-1.jpg', reason: 'DUPLICATE' },
      { file: 'big.jpg', reason: 'TOO_LARGE' },
    ]);
    const candidates = (await c.ok('adminListCandidates', { token, params: { examId } })) as { id: string; admissionNumber: string; photo: boolean }[];
    expect(candidates.map((x) => x.photo)).toEqual([true, true, true]);
    const p2 = candidates.find((x) => x.admissionNumber === 'P-2')!;
    expect(readFileSync(join(server.dataDir, 'photos', `${p2.id}.png`))).toEqual(Buffer.from(PNG));

    // A new photo of another type replaces the old file.
    await c.ok('adminImportPhotos', { token, params: { examId }, bytes: zipSync({ 'P-2.jpg': JPEG }), contentType: 'application/x-zip-compressed' });
    expect(readdirSync(join(server.dataDir, 'photos')).filter((f) => f.startsWith(p2.id))).toEqual([`${p2.id}.jpg`]);

    const csvAsZip = await c.api('adminImportPhotos', { token, params: { examId }, bytes: csvFile([]), contentType: 'application/zip' });
    expect([csvAsZip.status, (csvAsZip.body as { code: string }).code]).toEqual([400, 'FILE_UNREADABLE']);
    const wrongType = await c.api('adminImportPhotos', { token, params: { examId }, bytes: zip, contentType: 'image/jpeg' });
    expect([wrongType.status, (wrongType.body as { code: string }).code]).toEqual([415, 'FILE_TYPE_UNSUPPORTED']);
  });

  it('logs at debug level without a 身份证号 or a password, through logins, imports and refusals', async () => {
    const lines: string[] = [];
    const { server, c, token, examId } = await serverWithExam({ logger: 'debug', logStream: { write: (line) => void lines.push(line) } });
    expect(server.app.log.level).toBe('debug');
    const idNumber = validIdNumber(4242);
    const imported = (await c.ok('adminImportRoster', {
      token,
      params: { examId },
      bytes: csvFile([['日志', idNumber, 'L-1', '第一场']]),
      contentType: 'text/csv',
    })) as { passwordsCsv: string };
    const password = passwordsOf(imported.passwordsCsv).get('L-1')!.password;
    await c.setClock(START - 10 * MIN);
    await c.ok('loginWithPassword', { body: { examId, idNumber, password, deviceKey: 'device-log-1' } });
    await c.fails('loginWithPassword', { body: { examId, idNumber, password: 'wrong-password', deviceKey: 'device-log-1' } }, 401, 'INVALID_CREDENTIALS');
    await c.api('adminPreviewRoster', { token, params: { examId }, bytes: csvFile([['日志', idNumber.slice(0, 17), 'L-1', '第一场']]), contentType: 'text/csv' });
    await c.api('loginWithPassword', { body: { examId, idNumber, password }, contentType: 'application/json' });
    // Whatever a later log line carries (a body, an error's details), the number and the password are redacted.
    server.app.log.debug({ body: { examId, idNumber, password }, err: { idNumber } }, 'a request body');
    const log = lines.join('');
    expect(log).toContain('/api/v1/sessions/password');
    expect(log).toContain('"msg":"a request body"');
    expect(log).toContain('"idNumber":"[Redacted]"');
    expect(log).not.toContain(idNumber.slice(0, 17));
    expect(log).not.toContain(password);
  });

  it('keeps the ID numbers’ key in a 0600 file of the data directory, made once; a configured key must be long enough', async () => {
    const dataDir = tempDir();
    const key = idNumberKey(dataDir, undefined);
    const file = join(dataDir, 'id-number.key');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(idNumberKey(dataDir, undefined)).toBe(key);
    expect(idNumberKey(dataDir, 'x'.repeat(32))).toBe('x'.repeat(32));
    expect(() => idNumberKey(dataDir, 'too-short')).toThrow(/at least 32/);
    // The database remembers its key: the server will not open it with another.
    const server = await startServer({ dataDir, demo: true });
    await server.close();
    await expect(startServer({ dataDir, demo: true, idNumberKey: 'another-key-of-at-least-32-characters' })).rejects.toThrow(/ID number key/);
    const again = await startServer({ dataDir, demo: true });
    servers.push(again);
    const c = contractClient({ baseUrl: again.baseUrl, fetch: (input, init) => fetch(input, init) });
    expect(readFileSync(file, 'utf8').trim()).toBe(key);
    expect(await c.ok('getExam', { params: { examId: 'exam-demo' } })).toMatchObject({ id: 'exam-demo' });
  });

  it('upgrades a database that kept ID numbers in clear: the demo’s accounts log in as before, and the number is gone from the file', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'examroom.sqlite');
    const raw = new Database(file);
    for (const step of MIGRATIONS.slice(0, 10)) if (typeof step === 'string') raw.exec(step);
    raw.pragma('user_version = 10');
    const passwordHash = await createNodeCrypto({ idNumberKey: 'x'.repeat(32) }).hashPassword('demo1234');
    raw.prepare(`INSERT INTO exams (id, title) VALUES ('exam-demo', '演示考试')`).run();
    raw.prepare(`INSERT INTO sittings (id, exam_id, name, starts_at) VALUES ('demo-sitting-1', 'exam-demo', '第一场', ?)`).run(Date.now() + 5 * MIN);
    raw
      .prepare(
        `INSERT INTO candidates (id, exam_id, sitting_id, name, id_number, admission_number, password_hash, stage, evidence_state, evidence_updated_at)
         VALUES ('demo-cand-1', 'exam-demo', 'demo-sitting-1', '张三', '110101200001010011', '2026000001', ?, 'readingProcess', 'waitingForPhone', 0)`,
      )
      .run(passwordHash);
    raw.close();

    const server = await startServer({ dataDir, demo: true });
    servers.push(server);
    const c = contractClient({ baseUrl: server.baseUrl, fetch: (input, init) => fetch(input, init) });
    const { token } = (await c.ok('loginWithPassword', { body: { examId: 'exam-demo', idNumber: '110101200001010011', password: 'demo1234', deviceKey: 'device-upgrade-1' } })) as { token: string };
    expect(((await c.ok('getMe', { token })) as { candidate: { idNumberMasked: string } }).candidate.idNumberMasked).toBe('1101**********0011');
    expect(readFileSync(file).includes(Buffer.from('110101200001010011'))).toBe(false);
  });
});

