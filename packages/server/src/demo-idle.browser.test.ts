/**
 * The demo a newcomer cannot miss, in real headless Chromium: the demo server (as `npm start` runs it) is left idle
 * for 20 minutes of server time — its first sitting has started and closed entry meanwhile — and a demo candidate
 * who then opens the portal with the printed account still sits a whole interview, from 设备准备 to 上传成功: the
 * login gives them a sitting starting a few minutes later, whose entry is open already (so the lot is given, R11).
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CANDIDATE_PASSWORD } from '@examroom/domain';
import {
  Journey,
  MIN,
  openPortal,
  portalServerPerFile,
  seriousErrors,
  supervisorToken,
  waitForBothRecordings,
  type PortalServer,
  type PortalSitting,
} from '../test-browser/portal.js';

/** How far before the start 「刷新」 puts server time (进入考试 … 承诺书 take a few seconds). */
const LEAD_MS = 12_000;

let server: PortalServer;
const cleanups = portalServerPerFile((started) => (server = started));

describe('the demo left idle for 20 minutes', () => {
  it('still lets a demo candidate sit an interview from 设备准备 to 上传成功', async () => {
    const demo = server.app.examroom.demo!;
    const zhangSan = demo.candidates.find((c) => c.name === '张三')!;
    const firstSitting = demo.sittings[0]!;
    // Twenty minutes after the server started: the demo's first sitting started and closed entry long ago.
    const idleUntil = firstSitting.startsAt + 15 * MIN;
    await server.setClock(idleUntil);

    const portal = await openPortal(server, 'zh-CN');
    cleanups.push(() => portal.close());
    const candidate = { id: 'demo-cand-1', name: zhangSan.name, idNumber: zhangSan.idNumber, password: DEMO_CANDIDATE_PASSWORD };
    expect(candidate.password).toBe(zhangSan.password);
    // Until the login, the candidate's sitting is the demo's first; the login moves them.
    const asPrinted: PortalSitting = { sittingId: firstSitting.id, startsAt: firstSitting.startsAt, entryOpensAt: firstSitting.startsAt - 15 * MIN, deadline: firstSitting.startsAt, candidate };
    const login = new Journey(server, asPrinted, portal, { locale: 'zh-CN' });
    await login.checkDevices();
    await login.passwordLogin();
    await login.arrive('readingProcess');

    // The sitting the server gave at the login: a few minutes after the idle time, never one already closed.
    const token = await supervisorToken(server);
    const timeline = await server.call<{ schedule: { startsAt: number; entryClosesAt: number; deadline: number; entryOpensAt: number } }>('GET', `/supervisor/candidates/${candidate.id}/timeline`, { token });
    const { startsAt } = timeline.schedule;
    expect(startsAt - idleUntil).toBeGreaterThanOrEqual(4 * MIN);
    expect(startsAt - idleUntil).toBeLessThanOrEqual(10 * MIN);
    const given: PortalSitting = { ...asPrinted, startsAt, entryOpensAt: timeline.schedule.entryOpensAt, deadline: timeline.schedule.deadline };

    const journey = new Journey(server, given, portal, { locale: 'zh-CN' });
    await journey.readProcedure();
    await journey.bindEvidence();
    // 抽签: the new sitting's entry is already open, so the server has given the lot (R11); the page shows it.
    await journey.arrive('drawingLot', { ready: () => portal.page.getByText(/你的抽签号/).waitFor({ timeout: 15_000 }) });
    await journey.click(journey.m.actions.continue);
    // 进入考试 is open at once. The page measures server time when it loads (and at 「刷新」, offered only before
    // entry opens): reloaded with server time a few seconds before the start, its countdown then reaches zero soon.
    await journey.arrive('awaitingEntry', { ready: () => journey.enabled(journey.m.actions.enter) });
    await server.setClock(startsAt - LEAD_MS);
    await portal.page.reload();
    await journey.arrive('awaitingEntry', { ready: () => journey.enabled(journey.m.actions.enter) });
    await journey.click(journey.m.actions.enter);
    await journey.confirmDevices();
    await journey.confirmInfo();
    await journey.acceptPledge();
    await journey.waitForStart();
    await waitForBothRecordings(server, candidate.id, 10_000);
    await journey.click('结束考试');
    await portal.page.getByRole('alertdialog').waitFor({ state: 'visible', timeout: 15_000 });
    await journey.click('确认');
    await journey.arrive('finished', { timeoutMs: 120_000 });
    await portal.page.getByText(journey.m.finished.success).waitFor({ timeout: 15_000 });
    expect(journey.visits.at(-1)!.heading).toBe('上传成功');
    expect(seriousErrors(portal.errors)).toEqual([]);
  }, 600_000);
});
