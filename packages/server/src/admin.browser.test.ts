/**
 * The administrator's console (<exam-admin-console> at /admin) in real headless Chromium against the real server: an
 * administrator made by the command line (`examroom-server admin create`, on the running server's data directory)
 * logs in with the printed one-time password, must set a new one, creates an exam, a sitting and a question set,
 * creates a supervisor (the one-time password shown once, copied with the button) and assigns them the sitting, and
 * finds each of those actions in 操作日志; every stage passes axe. The supervisor then logs in at /proctor with the
 * password given and sees the sitting.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_CONSOLE_LOCALES, PROCTOR_CONSOLE_LOCALES, wallTimeOf } from '@examroom/core';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../adapters/test-browser/launch.js';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import { createAdministrator, MIN, passesAxeAt, portalServerPerFile, type PortalServer } from '../test-browser/portal.js';

const a = ADMIN_CONSOLE_LOCALES['zh-CN'];
const p = PROCTOR_CONSOLE_LOCALES['zh-CN'];
const NEW_PASSWORD = 'institution-password-2026';

let server: PortalServer;
const cleanups = portalServerPerFile((started) => (server = started));

const passesAxe = (page: Page, what: string) => passesAxeAt(page, `admin-${what}`);

const heading = (page: Page, text: string) => page.locator('exam-admin-console h2.heading', { hasText: text }).waitFor({ timeout: 30_000 });

describe('the administrator’s console', () => {
  it('from the command line’s administrator to a supervisor who sees the sitting', async () => {
    const oneTimePassword = await createAdministrator(server, 'it-office');
    const browser = await launchChromium({ permissions: ['clipboard-read', 'clipboard-write'] });
    cleanups.push(() => browser.close());
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));

    // ---- 管理员登录, then 设置新密码 ----
    await page.goto(`${server.origin}/admin`);
    await heading(page, a.login.title);
    await passesAxe(page, 'login');
    await page.getByLabel(a.login.username, { exact: true }).fill('it-office');
    await page.getByLabel(a.login.password, { exact: true }).fill(oneTimePassword);
    await page.getByRole('button', { name: a.login.submit, exact: true }).click();
    await heading(page, a.login.newPasswordTitle);
    await page.getByLabel(a.login.currentPassword, { exact: true }).fill(oneTimePassword);
    await page.getByLabel(a.login.newPassword, { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel(a.login.confirmation, { exact: true }).fill(`${NEW_PASSWORD}?`);
    await page.getByRole('button', { name: a.login.changePassword, exact: true }).click();
    await page.getByRole('alert').filter({ hasText: a.login.problems.mismatch }).waitFor();
    await passesAxe(page, '设置新密码 with its refusal');
    await page.getByLabel(a.login.confirmation, { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: a.login.changePassword, exact: true }).click();

    // ---- 考试: a new exam ----
    await heading(page, a.exams.title);
    await page.getByRole('button', { name: a.exams.create, exact: true }).click();
    await page.getByLabel(a.exams.fields.title, { exact: true }).fill('2026 年硕士研究生复试');
    await page.getByLabel(a.exams.fields.answerMinutes, { exact: true }).fill('8');
    await page.getByLabel(a.exams.fields.faceLogin, { exact: true }).uncheck();
    await passesAxe(page, 'the exam form');
    await page.getByRole('button', { name: a.save, exact: true }).click();
    // The server holds the demo's exam too (the portal's): ours is the row with its title.
    const examRow = page.locator('exam-admin-console tr[data-exam]').filter({ hasText: '2026 年硕士研究生复试' });
    await examRow.waitFor();
    await passesAxe(page, 'the exams');

    // ---- 场次: a sitting two days on, entered in the exam's zone ----
    await examRow.getByRole('button', { name: a.exams.open, exact: true }).click();
    await heading(page, a.sittings.title);
    await page.getByRole('button', { name: a.sittings.create, exact: true }).click();
    await page.getByLabel(a.sittings.fields.name, { exact: true }).fill('第一场');
    await page.getByLabel(a.sittings.fields.startsAt, { exact: true }).fill(wallTimeOf(Date.now() - 60 * MIN, 'Asia/Shanghai'));
    await page.getByRole('button', { name: a.save, exact: true }).click();
    await page.getByRole('alert').filter({ hasText: a.refusals['SITTING_IN_PAST']! }).waitFor();
    expect(await page.getByLabel(a.sittings.fields.startsAt, { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await passesAxe(page, 'the sitting form with SITTING_IN_PAST');
    const startsAt = Math.ceil((Date.now() + 2 * 24 * 60 * MIN) / (60 * MIN)) * 60 * MIN;
    await page.getByLabel(a.sittings.fields.startsAt, { exact: true }).fill(wallTimeOf(startsAt, 'Asia/Shanghai'));
    await page.getByRole('button', { name: a.save, exact: true }).click();
    const sittingRow = page.locator('exam-admin-console tr[data-sitting]');
    await sittingRow.waitFor();
    const sittingId = (await sittingRow.getAttribute('data-sitting'))!;
    await passesAxe(page, 'the sittings');

    // ---- 面试题目: a set of the exam's ----
    await page.getByRole('button', { name: a.exams.tabs.questionSets, exact: true }).click();
    await heading(page, a.questionSets.title);
    await page.getByRole('button', { name: a.questionSets.create, exact: true }).click();
    await page.getByLabel(a.questionSets.fields.name, { exact: true }).fill('A 卷');
    await page.getByLabel(a.questionSets.fields.questions, { exact: true }).fill('请用一分钟介绍你自己。\n你为什么报考本专业？');
    await passesAxe(page, 'the question set form');
    await page.getByRole('button', { name: a.save, exact: true }).click();
    await page.locator('exam-admin-console li[data-set]').waitFor();
    expect(await page.locator('exam-admin-console li[data-set] ol li').allTextContents()).toEqual(['请用一分钟介绍你自己。', '你为什么报考本专业？']);
    await passesAxe(page, 'the question sets');

    // ---- 监督员: a new one, watching the sitting; the one-time password shown once and copied ----
    await page.getByRole('button', { name: a.sections.supervisors, exact: true }).click();
    await heading(page, a.supervisors.title);
    await page.getByRole('button', { name: a.supervisors.create, exact: true }).click();
    await page.getByLabel(a.supervisors.fields.username, { exact: true }).fill('teacher.li');
    await passesAxe(page, 'the supervisor form');
    await page.getByRole('button', { name: a.save, exact: true }).click();
    const shown = page.locator('exam-admin-console [data-password]');
    await shown.waitFor();
    const supervisorPassword = (await shown.textContent())!.trim();
    await page.getByRole('button', { name: a.supervisors.copy, exact: true }).click();
    await page.getByRole('status').filter({ hasText: a.supervisors.copied }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(supervisorPassword);
    await passesAxe(page, 'the one-time password');
    await page.getByRole('button', { name: a.supervisors.dismiss, exact: true }).click();
    await waitUntil(() => shown.count(), (count) => count === 0, 'the password hidden');
    const supervisorRow = page.locator('exam-admin-console tr[data-supervisor]').filter({ hasText: 'teacher.li' });
    expect(await supervisorRow.textContent()).toContain(a.supervisors.watchesNothing);
    await supervisorRow.getByRole('button', { name: a.supervisors.edit, exact: true }).click();
    await page.getByLabel('2026 年硕士研究生复试 · 第一场', { exact: true }).check();
    await passesAxe(page, 'assigning the supervisor');
    await page.getByRole('button', { name: a.save, exact: true }).click();
    await waitUntil(() => supervisorRow.textContent(), (text) => text?.includes('第一场') === true, 'the sitting assigned');

    // ---- 操作日志: each of those actions, newest first ----
    await page.getByRole('button', { name: a.sections.audit, exact: true }).click();
    await heading(page, a.audit.title);
    await page.locator('exam-admin-console tr[data-action]').first().waitFor();
    const actions = await page.locator('exam-admin-console tr[data-action]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
    expect(actions).toEqual([
      'supervisor.update',
      'supervisor.create',
      'questionSet.create',
      'sitting.create',
      'exam.create',
      'administrator.changePassword',
      'administrator.login',
      'administrator.create',
    ]);
    // The command line's own entry, in the console's words.
    expect(await page.locator('exam-admin-console tr[data-action="administrator.create"]').textContent()).toContain(a.audit.actions['administrator.create']);
    expect(await page.locator('exam-admin-console tr[data-action="exam.create"]').textContent()).toContain('it-office');
    await passesAxe(page, 'the audit log');
    await page.getByLabel(a.audit.action, { exact: true }).selectOption('sitting.create');
    await page.getByRole('button', { name: a.audit.apply, exact: true }).click();
    await waitUntil(
      () => page.locator('exam-admin-console tr[data-action]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action'))),
      (shownActions) => shownActions.length > 0 && shownActions.every((action) => action === 'sitting.create'),
      'only sitting.create',
    );

    // ---- the supervisor logs in at /proctor with the password given and sees the sitting ----
    const proctor = await browser.context.newPage();
    await proctor.goto(`${server.origin}/proctor`);
    await proctor.getByLabel(p.login.username, { exact: true }).fill('teacher.li');
    await proctor.getByLabel(p.login.password, { exact: true }).fill(supervisorPassword);
    await proctor.getByRole('button', { name: p.login.submit, exact: true }).click();
    await proctor.locator(`exam-proctor-console button[data-sitting="${sittingId}"]`).waitFor({ timeout: 30_000 });
    expect(await proctor.locator('exam-proctor-console .sitting-list li').count()).toBe(1);

    expect(pageErrors).toEqual([]);
  });
});
