/**
 * The supervisor's console (<exam-proctor-console> at /proctor) in real headless Chromium against the real server,
 * beside a candidate on the portal in another browser: the supervisor logs in, opens the candidate's sitting and
 * sees the candidate's row follow them through every stage to 开始答题 over the live socket; the candidate's 求助
 * message arrives with an unread badge, the supervisor answers it, and the candidate's page shows the answer.
 */
import { describe, expect, it } from 'vitest';
import { LOCALES, PROCTOR_CONSOLE_LOCALES, type ProgressStage } from '@examroom/core';
import { launchChromium } from '../../adapters/test-browser/launch.js';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import { Journey, MIN, openPortal, seedPortalSitting, seriousErrors, portalServerPerFile, supervisorToken, type PortalServer } from '../test-browser/portal.js';

const m = PROCTOR_CONSOLE_LOCALES['zh-CN'];
/** How far before the start 「刷新」 puts server time at 进入考试 (the portal journeys' lead, plus the grid's checks). */
const LEAD_MS = 12_000;
const candidateWords = LOCALES['zh-CN'];

let server: PortalServer;
const cleanups = portalServerPerFile((started) => (server = started));

describe('the supervisor’s console beside a candidate', () => {
  it('follows the candidate through the stages, and answers their 求助 both ways', async () => {
    const startsAt = Math.ceil((Date.now() + 2 * 24 * 60 * MIN) / MIN) * MIN;
    const seeded = await seedPortalSitting(server, { startsAt });
    await server.setClock(startsAt - 20 * MIN);

    // ---- the supervisor: log in on /proctor, open the candidate's sitting ----
    const supervisor = await launchChromium();
    cleanups.push(() => supervisor.close());
    const console_ = supervisor.context.pages()[0] ?? (await supervisor.context.newPage());
    await console_.setViewportSize({ width: 1366, height: 768 });
    const consoleErrors: string[] = [];
    console_.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
    console_.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(`console: ${message.text()}`);
    });
    await console_.goto(`${server.origin}/proctor`);
    const demo = server.app.examroom.demo!;
    await console_.getByLabel(m.login.username).fill(demo.supervisor.username);
    await console_.getByLabel(m.login.password).fill(demo.supervisor.password);
    await console_.getByRole('button', { name: m.login.submit, exact: true }).click();
    await console_.locator(`button[data-sitting="${seeded.sittingId}"]`).click();
    const row = console_.locator(`exam-proctor-console tr[data-candidate="${seeded.candidate.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('.name').textContent()).toContain(seeded.candidate.name);

    // ---- the candidate walks to 开始答题; after each step the row shows the stage the server holds ----
    const portal = await openPortal(server, 'zh-CN');
    cleanups.push(() => portal.close());
    const journey = new Journey(server, seeded, portal, { locale: 'zh-CN', audit: false });
    const token = await supervisorToken(server);
    const serverStage = async () =>
      (await server.call<{ candidate: { id: string }; progress: { stage: ProgressStage } }[]>('GET', `/supervisor/sittings/${seeded.sittingId}/candidates`, { token })).find(
        (c) => c.candidate.id === seeded.candidate.id,
      )!.progress.stage;
    const seen: string[] = [];
    // The row shows the stage the server holds, read again each time: the page may save its next stage meanwhile.
    const rowFollows = async () => {
      const shown = await waitUntil(
        async () => {
          const [stage, text] = await Promise.all([serverStage(), row.locator('.stage').textContent()]);
          return text === m.stages[stage] ? text : null;
        },
        (text) => text !== null,
        'the row to show the stage the server holds',
      );
      if (seen.at(-1) !== shown) seen.push(shown!);
    };
    await journey.checkDevices();
    await journey.passwordLogin();
    await waitUntil(() => row.getAttribute('class'), (classes) => !(classes ?? '').includes('offline'), 'the candidate online');
    await rowFollows();
    await journey.readProcedure();
    await rowFollows();
    await journey.bindEvidence();
    await rowFollows();
    await waitUntil(() => row.locator('.evidence').textContent(), (text) => text?.startsWith(m.evidence.recording) === true, 'the evidence 录制中 in the row');
    await journey.drawLot();
    await rowFollows();
    // 「刷新」 puts server time this close to the start: the page counts down on its own clock from there.
    await journey.enter(LEAD_MS);
    await rowFollows();
    await journey.confirmDevices();
    await rowFollows();
    await journey.confirmInfo();
    await rowFollows();
    await journey.acceptPledge();
    await rowFollows();
    await journey.waitForStart();
    await rowFollows();
    expect(seen.at(-1)).toBe(m.stages.answering);
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(await row.locator('.lot').textContent()).toMatch(/^\d+$/);

    // ---- 求助: the candidate asks; the supervisor sees the unread badge, opens the conversation, answers ----
    const question = '老师，我的麦克风好像没有声音。';
    await journey.button(candidateWords.actions.help).click();
    const chat = portal.page.locator('exam-help-chat');
    await chat.locator('textarea').fill(question);
    await chat.getByRole('button', { name: candidateWords.actions.send, exact: true }).click();
    await waitUntil(() => row.locator('.unread').textContent({ timeout: 1_000 }).catch(() => null), (text) => text === '1', 'the unread badge');
    await row.getByRole('button', { name: new RegExp(m.sitting.openHelp) }).click();
    const conversation = console_.locator('exam-proctor-console .conversation');
    await conversation.getByText(question).waitFor({ timeout: 15_000 });
    expect(await row.locator('.unread').count()).toBe(0);
    const answer = '请检查麦克风是否已允许本网站使用，然后刷新页面。';
    await conversation.locator('textarea#reply').fill(answer);
    await conversation.getByRole('button', { name: m.conversation.send, exact: true }).click();
    await conversation.locator('.message.mine').getByText(answer).waitFor({ timeout: 15_000 });
    await chat.locator('.message.supervisor .text').getByText(answer).waitFor({ timeout: 30_000 });

    expect(seriousErrors(consoleErrors)).toEqual([]);
    expect(seriousErrors(portal.errors)).toEqual([]);
  });
});
