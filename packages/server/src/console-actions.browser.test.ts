/**
 * The supervisor console's actions in real headless Chromium against the real server, beside a candidate answering
 * on the portal in another browser: a notice sent from the console arrives in the candidate's 求助 chat, 5 minutes of
 * extra time given in the candidate's panel moves the countdown on the candidate's page, and a verdict with a comment
 * shows in the panel's history.
 */
import { describe, expect, it } from 'vitest';
import { LOCALES, PROCTOR_CONSOLE_LOCALES } from '@examroom/core';
import { Journey, MIN, clockSeconds, openPortal, openSittingConsole, seedPortalSitting, seriousErrors, portalServerPerFile, type PortalServer } from '../test-browser/portal.js';

const m = PROCTOR_CONSOLE_LOCALES['zh-CN'];
const candidateWords = LOCALES['zh-CN'];
/** How far before the start 「刷新」 puts server time at 进入考试 (the portal journeys' lead). */
const LEAD_MS = 12_000;

let server: PortalServer;
const cleanups = portalServerPerFile((started) => (server = started));

describe('the supervisor console’s actions on a candidate’s page', () => {
  it('sends a notice to the sitting, gives 5 minutes of extra time, and records a verdict', async () => {
    const startsAt = Math.ceil((Date.now() + 4 * 24 * 60 * MIN) / MIN) * MIN;
    const seeded = await seedPortalSitting(server, { startsAt, answerMs: 5 * MIN });
    await server.setClock(startsAt - 20 * MIN);

    // ---- the candidate answers ----
    const portal = await openPortal(server, 'zh-CN');
    cleanups.push(() => portal.close());
    const journey = new Journey(server, seeded, portal, { locale: 'zh-CN' });
    await journey.walkToAnswering(LEAD_MS);
    // Server time stands still at the start: the countdown shows the whole answer time.
    const before = clockSeconds(await journey.waitForTimer((s) => s !== null && s <= 5 * 60, 'the countdown'));
    const beforeAt = Date.now();

    // ---- the supervisor: log in on /proctor, open the sitting ----
    const sittingConsole = await openSittingConsole(server, seeded.sittingId);
    cleanups.push(() => sittingConsole.close());
    const { page, errors: consoleErrors } = sittingConsole;
    const row = page.locator(`exam-proctor-console tr[data-candidate="${seeded.candidate.id}"]`);
    await row.waitFor({ timeout: 30_000 });

    // ---- 发送通知: to every candidate of the sitting; the candidate's 求助 chat shows it ----
    const notice = '各位考生：请保持摄像头正对面部。';
    await page.locator('exam-proctor-console textarea#notice').fill(notice);
    await page.getByRole('button', { name: m.notice.send, exact: true }).click();
    const sent = page.locator('exam-proctor-console .notice-sent');
    await sent.waitFor({ timeout: 15_000 });
    expect(await sent.textContent()).toMatch(/^通知已发送给 \d+ 名考生。$/);
    // It arrives unread: the 求助 button carries a badge (in its name), and the chat shows the notice.
    const helpButton = portal.page.getByRole('button', { name: new RegExp(`^${candidateWords.actions.help}`) });
    await helpButton.locator('.badge').waitFor({ timeout: 30_000 });
    await helpButton.click();
    await portal.page.locator('exam-help-chat').getByText(notice).waitFor({ timeout: 30_000 });

    // ---- 延长时间: 5 minutes in the candidate's panel; the candidate's countdown shows them ----
    await row.getByRole('button', { name: new RegExp(m.sitting.openHelp) }).click();
    const panel = page.locator('exam-proctor-console .candidate-panel');
    await panel.locator('input#extra-minutes').fill('5');
    await panel.getByRole('button', { name: m.candidate.giveExtraTime, exact: true }).click();
    await panel.locator('.interventions li[data-kind="extraTime"]').waitFor({ timeout: 15_000 });
    expect(await panel.locator('.interventions li').textContent()).toContain('延长时间 5 分钟');
    const after = clockSeconds(await journey.waitForTimer((s) => s !== null && s > before + 4 * 60, 'the countdown with 5 more minutes'));
    // The page runs its clock on between syncs with the (held) server clock, by at most the real time that passed
    // between the two readings, however slow the machine: the 5 minutes are there less that time.
    const elapsed = Math.ceil((Date.now() - beforeAt) / 1000);
    expect(after - before).toBeGreaterThanOrEqual(5 * 60 - elapsed - 1);

    // ---- 审核结论: 存疑 with a comment, in the history ----
    const comment = '答题期间多次看向屏幕外。';
    await panel.getByLabel(m.candidate.verdicts.doubtful).check();
    await panel.locator('textarea#verdict-comment').fill(comment);
    await panel.getByRole('button', { name: m.candidate.saveVerdict, exact: true }).click();
    const history = panel.locator('.verdict-history li[data-verdict="doubtful"]');
    await history.waitFor({ timeout: 15_000 });
    expect(await history.textContent()).toContain(`${m.candidate.verdicts.doubtful} ${comment}`);

    expect(seriousErrors(consoleErrors)).toEqual([]);
    expect(seriousErrors(portal.errors)).toEqual([]);
  });
});
