/**
 * An institution runs an interview on its own server, in real headless Chromium against the real server started
 * without the demo: no demo account exists (a login with demo1234 fails); an administrator made by the command line
 * logs in at /admin, creates an exam and a sitting, imports a 500-row roster whose three bad rows are reported with
 * their lines while nothing is written, imports it corrected (the initial passwords downloaded as a file), re-imports
 * it as XLSX with one change (updated, not duplicated), and assigns a new supervisor the sitting. A candidate of that
 * roster logs in at the portal (`/?exam=`) with the exported password and sits the interview to 上传成功; the
 * supervisor sees them at /proctor and gives a verdict; the administrator's 结果导出 lists them with their result,
 * and the CSV, the XLSX and their archive say the same.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN_CONSOLE_LOCALES, PROCTOR_CONSOLE_LOCALES, RESULTS_EXPORT_LOCALES, wallTimeOf } from '@examroom/core';
import { DEMO_CANDIDATE_PASSWORD } from '@examroom/domain';
import { launchChromium } from '../../adapters/test-browser/launch.js';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import { unzip } from '../../adapters/src/contract/admin-files.js';
import { csvFile, passwordsOf, validIdNumber } from '../../adapters/src/contract/rest-contract.roster.js';
import {
  createAdministrator,
  Journey,
  openSittingConsole,
  MIN,
  openPortal,
  passesAxeAt,
  portalExamUrl,
  portalServerPerFile,
  seriousErrors,
  type PortalServer,
  type PortalSitting,
} from '../test-browser/portal.js';

const a = ADMIN_CONSOLE_LOCALES['zh-CN'];
const p = PROCTOR_CONSOLE_LOCALES['zh-CN'];
const words = RESULTS_EXPORT_LOCALES['zh-CN'];
const ADMIN_PASSWORD = 'institution-password-2026';
const EXAM_TITLE = '2027 年硕士研究生复试';
/** How far before the start 「刷新」 puts server time (进入考试 … 承诺书 take a few seconds). */
const LEAD_MS = 12_000;

let server: PortalServer;
const cleanups = portalServerPerFile((started) => (server = started), { demo: false });

const heading = (page: Page, text: string) => page.locator('exam-admin-console h2.heading', { hasText: text }).waitFor({ timeout: 30_000 });
const admin = (page: Page, selector: string) => page.locator(`exam-admin-console ${selector}`);

/** Clicks what starts a download and answers the file the browser saved, with its suggested name. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()])) as [Download, void];
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

/** 500 candidates of one sitting: 姓名, 身份证号, 准考证号, 场次. */
function roster(sittingName: string): string[][] {
  const base = 7000 + Math.floor(Math.random() * 1000) * 500;
  return Array.from({ length: 500 }, (_, i) => [`考生${i + 1}`, validIdNumber(base + i), `2027${String(i + 1).padStart(5, '0')}`, sittingName]);
}

async function xlsxFile(header: readonly string[], rows: readonly (readonly string[])[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('考生名单');
  sheet.addRow([...header]);
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('an institution’s own server, without the demo', () => {
  it('administrator → 500-row roster (bad rows by line, then corrected, then re-imported as XLSX) → supervisor → a roster candidate’s interview → the results export', async () => {
    const t0 = Math.ceil(Date.now() / MIN) * MIN;
    await server.setClock(t0);

    // ---- no demo: the portal names no exam, and the demo's password opens nothing ----
    const refused = await fetch(`${server.origin}/api/v1/sessions/password`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ examId: 'exam-demo', idNumber: '110101200001010011', password: DEMO_CANDIDATE_PASSWORD, deviceKey: 'device-demo' }),
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(((await refused.json()) as { code: string }).code).toMatch(/^(EXAM_NOT_FOUND|INVALID_CREDENTIALS)$/);

    const oneTimePassword = await createAdministrator(server, 'it-office');
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 1366, height: 900 });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    const files = browser.userDataDir;

    // ---- 管理员登录 with the command line's password, 设置新密码 ----
    await page.goto(`${server.origin}/admin`);
    await heading(page, a.login.title);
    await page.getByLabel(a.login.username, { exact: true }).fill('it-office');
    await page.getByLabel(a.login.password, { exact: true }).fill(oneTimePassword);
    await page.getByRole('button', { name: a.login.submit, exact: true }).click();
    await heading(page, a.login.newPasswordTitle);
    await page.getByLabel(a.login.currentPassword, { exact: true }).fill(oneTimePassword);
    await page.getByLabel(a.login.newPassword, { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel(a.login.confirmation, { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: a.login.changePassword, exact: true }).click();

    // ---- 考试 and 场次: the only exam of this server, a sitting an hour on ----
    await heading(page, a.exams.title);
    expect(await admin(page, 'tr[data-exam]').count()).toBe(0);
    await page.getByRole('button', { name: a.exams.create, exact: true }).click();
    await page.getByLabel(a.exams.fields.title, { exact: true }).fill(EXAM_TITLE);
    await page.getByLabel(a.exams.fields.answerMinutes, { exact: true }).fill('5');
    await page.getByRole('button', { name: a.save, exact: true }).click();
    const examRow = admin(page, 'tr[data-exam]').filter({ hasText: EXAM_TITLE });
    await examRow.waitFor();
    const examId = (await examRow.getAttribute('data-exam'))!;
    await examRow.getByRole('button', { name: a.exams.open, exact: true }).click();
    await heading(page, a.sittings.title);
    await page.getByRole('button', { name: a.sittings.create, exact: true }).click();
    await page.getByLabel(a.sittings.fields.name, { exact: true }).fill('第一场');
    const startsAt = t0 + 60 * MIN;
    await page.getByLabel(a.sittings.fields.startsAt, { exact: true }).fill(wallTimeOf(startsAt, 'Asia/Shanghai'));
    await page.getByRole('button', { name: a.save, exact: true }).click();
    const sittingRow = admin(page, 'tr[data-sitting]');
    await sittingRow.waitFor();
    const sittingId = (await sittingRow.getAttribute('data-sitting'))!;
    await page.getByRole('button', { name: a.exams.tabs.questionSets, exact: true }).click();
    await heading(page, a.questionSets.title);
    await page.getByRole('button', { name: a.questionSets.create, exact: true }).click();
    await page.getByLabel(a.questionSets.fields.name, { exact: true }).fill('A 卷');
    await page.getByLabel(a.questionSets.fields.questions, { exact: true }).fill('请用一分钟介绍你自己。\n你为什么报考本专业？');
    await page.getByRole('button', { name: a.save, exact: true }).click();
    await admin(page, 'li[data-set]').waitFor();

    // ---- 考生名单: 500 rows, three bad (a wrong check character, an unknown sitting, no name): reported by line, nothing written ----
    await page.getByRole('button', { name: a.exams.tabs.roster, exact: true }).click();
    await heading(page, a.roster.title);
    await admin(page, '.candidates').getByText(a.roster.empty).waitFor();
    const rows = roster('第一场');
    const bad = rows.map((row) => [...row]);
    bad[41]![1] = bad[41]![1]!.slice(0, 17) + (bad[41]![1]![17] === '1' ? '2' : '1'); // line 43
    bad[199]![3] = '第九场'; // line 201
    bad[349]![0] = ''; // line 351
    await writeFile(join(files, '名单.csv'), csvFile(bad));
    await admin(page, '#roster-file').setInputFiles(join(files, '名单.csv'));
    await admin(page, '.roster-report[data-valid="false"]').waitFor({ timeout: 30_000 });
    const problems = await admin(page, 'tr[data-line]').evaluateAll((lines) => lines.map((line) => [Number(line.getAttribute('data-line')), line.getAttribute('data-code')]));
    expect(problems).toEqual([
      [43, 'ID_NUMBER_CHECKSUM'],
      [201, 'SITTING_UNKNOWN'],
      [351, 'NAME_MISSING'],
    ]);
    expect(await admin(page, '.roster-report').textContent()).toContain('发现 3 个问题，未导入任何考生');
    expect(await admin(page, 'button[data-import]').count()).toBe(0);
    await passesAxeAt(page, 'admin-roster-with-problems');
    const adminToken = (await server.call<{ token: string }>('POST', '/admin/login', { body: { username: 'it-office', password: ADMIN_PASSWORD } })).token;
    const candidatesNow = () => server.call<{ id: string; admissionNumber: string; name: string }[]>('GET', `/admin/exams/${examId}/candidates`, { token: adminToken });
    expect(await candidatesNow()).toEqual([]);

    // ---- corrected: imported whole; the initial passwords downloaded as the file the institution sends ----
    await writeFile(join(files, '名单.csv'), csvFile(rows));
    await admin(page, '#roster-file').setInputFiles(join(files, '名单.csv'));
    await admin(page, 'button[data-import]').waitFor({ timeout: 30_000 });
    expect(await admin(page, '.roster-report').textContent()).toContain('共 500 行：新增 500 名');
    await admin(page, 'button[data-import]').click();
    await admin(page, 'button[data-save-passwords]').waitFor({ timeout: 60_000 });
    await admin(page, '.candidates h3', ).filter({ hasText: '共 500 名考生' }).waitFor();
    await passesAxeAt(page, 'admin-roster-imported');
    const passwordsFile = await downloaded(page, () => admin(page, 'button[data-save-passwords]').click());
    expect(passwordsFile.name).toMatch(/\.csv$/);
    const passwords = passwordsOf(passwordsFile.bytes.toString('utf8'));
    expect(passwords.size).toBe(500);
    expect(await candidatesNow()).toHaveLength(500);

    // ---- re-imported as XLSX with one change: 考生2 renamed; updated, not duplicated ----
    const changed = rows.map((row) => [...row]);
    changed[1]![0] = '考生二';
    await writeFile(join(files, '名单.xlsx'), await xlsxFile(['姓名', '身份证号', '准考证号', '场次'], changed));
    await admin(page, '#roster-file').setInputFiles(join(files, '名单.xlsx'));
    await admin(page, 'button[data-import]').waitFor({ timeout: 30_000 });
    expect(await admin(page, '.roster-report').textContent()).toContain('共 500 行：新增 0 名，更新 1 名，不变 499 名');
    await admin(page, 'button[data-import]').click();
    await admin(page, '.notice.imported').filter({ hasText: '新增 0 名，更新 1 名，不变 499 名' }).waitFor({ timeout: 60_000 });
    const after = await candidatesNow();
    expect(after).toHaveLength(500);
    expect(after.find((c) => c.admissionNumber === '202700002')?.name).toBe('考生二');
    // The search finds the candidate who will sit the interview.
    await admin(page, '#roster-search').fill('202700001');
    await waitUntil(() => admin(page, 'tr[data-candidate]').count(), (count) => count === 1, 'one candidate found');
    const candidateId = (await admin(page, 'tr[data-candidate]').getAttribute('data-candidate'))!;

    // ---- 监督员: created and assigned the sitting ----
    await page.getByRole('button', { name: a.sections.supervisors, exact: true }).click();
    await heading(page, a.supervisors.title);
    await page.getByRole('button', { name: a.supervisors.create, exact: true }).click();
    await page.getByLabel(a.supervisors.fields.username, { exact: true }).fill('teacher.zhou');
    await page.getByLabel(`${EXAM_TITLE} · 第一场`, { exact: true }).check();
    await page.getByRole('button', { name: a.save, exact: true }).click();
    const supervisorPassword = ((await admin(page, '[data-password]').textContent()) ?? '').trim();
    expect(supervisorPassword).not.toBe('');

    // ---- the candidate of line 2 logs in at the portal with the exported password and sits the interview ----
    const first = passwords.get('202700001')!;
    const sitting: PortalSitting = {
      sittingId,
      startsAt,
      entryOpensAt: startsAt - 15 * MIN,
      deadline: startsAt + 5 * MIN,
      candidate: { id: candidateId, name: '考生1', idNumber: rows[0]![1]!, password: first.password },
    };
    await server.setClock(startsAt - 20 * MIN);
    const portal = await openPortal(server, 'zh-CN');
    cleanups.push(() => portal.close());
    await portal.page.goto(portalExamUrl(server, examId));
    const journey = new Journey(server, sitting, portal, { locale: 'zh-CN' });
    await journey.walkToAnswering(LEAD_MS);

    // ---- the supervisor sees them ----
    const sittingConsole = await openSittingConsole(server, sittingId, { username: 'teacher.zhou', password: supervisorPassword });
    cleanups.push(() => sittingConsole.close());
    const proctor = sittingConsole.page;
    const row = proctor.locator(`exam-proctor-console tr[data-candidate="${candidateId}"]`);
    await row.filter({ hasText: p.stages.answering }).waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('考生1');

    // ---- 结束考试 → 确认 → 上传成功 ----
    await journey.click('结束考试');
    await portal.page.getByRole('alertdialog').waitFor({ state: 'visible', timeout: 15_000 });
    await journey.click('确认');
    await journey.arrive('finished', { timeoutMs: 120_000 });
    await row.filter({ hasText: p.stages.finished }).waitFor({ timeout: 30_000 });

    // ---- 审核结论: 通过, in the candidate's panel ----
    await row.getByRole('button', { name: new RegExp(p.sitting.openHelp) }).click();
    const panel = proctor.locator('exam-proctor-console .candidate-panel');
    await panel.getByLabel(p.candidate.verdicts.passed).check();
    await panel.locator('textarea#verdict-comment').fill('回答完整。');
    await panel.getByRole('button', { name: p.candidate.saveVerdict, exact: true }).click();
    await panel.locator('.verdict-history li[data-verdict="passed"]').waitFor({ timeout: 15_000 });

    // ---- 结果导出: the candidate's row, then the files ----
    type Row = { candidateId: string; recordings: { complete: boolean }[] };
    await waitUntil(
      () => server.call<{ rows: Row[] }>('GET', `/admin/sittings/${sittingId}/results`, { token: adminToken }),
      (results) => {
        const recordings = results.rows.find((r) => r.candidateId === candidateId)?.recordings ?? [];
        return recordings.length >= 2 && recordings.every((r) => r.complete);
      },
      'the candidate’s recordings finalised',
      120_000,
    );
    await page.getByRole('button', { name: a.sections.exams, exact: true }).click();
    await examRow.getByRole('button', { name: a.exams.open, exact: true }).click();
    await heading(page, a.sittings.title);
    await page.getByRole('button', { name: a.exams.tabs.results, exact: true }).click();
    await heading(page, a.results.title);
    await admin(page, `button[data-sitting="${sittingId}"]`).click();
    const resultRow = admin(page, `.result-table tr[data-candidate="${candidateId}"]`);
    await resultRow.waitFor({ timeout: 30_000 });
    const shown = (await resultRow.textContent()) ?? '';
    expect(shown).toContain(words.finishReasons.endedEarly);
    expect(shown).toContain(`${words.verdicts.passed}：回答完整。`);
    expect(await admin(page, '.result-table tr[data-candidate]').count()).toBe(500);
    await passesAxeAt(page, 'admin-results');

    const csv = await downloaded(page, () => admin(page, 'button[data-download="csv"]').click());
    expect(csv.name).toMatch(/\.csv$/);
    const table = parse(csv.bytes.toString('utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(table).toHaveLength(500);
    const mine = table.find((r) => r[words.columns.admissionNumber] === '202700001')!;
    expect(mine).toMatchObject({ [words.columns.name]: '考生1', [words.columns.attended]: words.yes, [words.columns.finishedHow]: words.finishReasons.endedEarly, [words.columns.verdict]: words.verdicts.passed });
    expect(mine[words.columns.enteredAt]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(mine[words.columns.recordings]).toContain(`/api/v1/admin/recordings/`);
    expect(table.find((r) => r[words.columns.admissionNumber] === '202700002')![words.columns.name]).toBe('考生二');

    const xlsx = await downloaded(page, () => admin(page, 'button[data-download="xlsx"]').click());
    expect(xlsx.name).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(501);
    const sheetRows = sheet.getSheetValues().filter(Boolean).map((values) => (values as unknown[]).map((value) => String(value ?? '')));
    expect(sheetRows.some((values) => values.includes('202700001') && values.includes(words.finishReasons.endedEarly))).toBe(true);

    const archive = await downloaded(page, () => resultRow.locator(`button[data-archive="${candidateId}"]`).click());
    expect(archive.name).toBe(`archive-${candidateId}.zip`);
    const entries = await unzip(archive.bytes);
    expect([...entries.keys()]).toEqual(expect.arrayContaining(['timeline.json', 'camera-part1.webm', 'screen-part1.webm']));
    expect(JSON.parse(entries.get('timeline.json')!.toString('utf8'))).toBeTruthy();

    expect(pageErrors).toEqual([]);
    expect(seriousErrors(portal.errors)).toEqual([]);
  }, 600_000);
});
