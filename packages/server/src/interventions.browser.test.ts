/**
 * A supervisor's interventions as the candidate's page lives them, in real headless Chromium against the real server:
 * extra time moves the deadline the candidate's countdown shows (pushed as schedule.changed, no reload), and ending
 * the interview takes the candidate's page through 上传 to 上传成功 with the supervisor's reason (exam.finished). The
 * supervisor acts through the API here; the console's buttons for it come later.
 */
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import {
  Journey,
  MIN,
  clockSeconds,
  openPortal,
  seedPortalSitting,
  seriousErrors,
  portalServerPerFile,
  supervisorToken,
  type PortalServer,
} from '../test-browser/portal.js';

/** How far before the start 「刷新」 puts server time at 进入考试 (the portal journeys' lead). */
const LEAD_MS = 12_000;

let server: PortalServer;
const cleanups = portalServerPerFile((started) => (server = started));

describe('a supervisor’s interventions on the candidate’s page', () => {
  it('extra time moves the countdown on the page; ending the interview finishes it there with the supervisor’s reason', async () => {
    const startsAt = Math.ceil((Date.now() + 3 * 24 * 60 * MIN) / MIN) * MIN;
    const seeded = await seedPortalSitting(server, { startsAt, answerMs: 5 * MIN });
    await server.setClock(startsAt - 20 * MIN);
    const browser = await openPortal(server, 'zh-CN');
    cleanups.push(() => browser.close());
    const journey = new Journey(server, seeded, browser, { locale: 'zh-CN' });
    await journey.walkToAnswering(LEAD_MS);
    // Server time stands still at the start: the countdown shows the whole answer time.
    const before = clockSeconds(await journey.waitForTimer((s) => s !== null && s <= 5 * 60, 'the countdown'));
    const beforeAt = Date.now();

    const token = await supervisorToken(server);
    await server.call('POST', `/supervisor/candidates/${seeded.candidate.id}/extra-time`, { token, body: { minutes: 10 } });
    const after = clockSeconds(await journey.waitForTimer((s) => s !== null && s > before + 9 * 60, 'the countdown with 10 more minutes'));
    // The page runs its clock on between syncs with the (held) server clock, by at most the real time that passed
    // between the two readings, however slow the machine: the 10 minutes are there less that time.
    expect(after - before).toBeGreaterThanOrEqual(10 * 60 - Math.ceil((Date.now() - beforeAt) / 1000) - 1);

    await server.call('POST', `/supervisor/candidates/${seeded.candidate.id}/end`, { token, body: { reason: '考生违反考场纪律' } });
    await journey.arrive('finished', { timeoutMs: 60_000 });
    await browser.page.getByText(journey.m.finished.reasons.endedBySupervisor).waitFor({ timeout: 15_000 });
    expect(browser.hostEvents.filter((e) => e.type === 'examFinish')).toEqual([{ type: 'examFinish', detail: { reason: 'endedBySupervisor' } }]);
    // The page did not tell the server a finish of its own: the server's record is the supervisor's.
    const candidates = await server.call<{ candidate: { id: string }; progress: { finishReason: string | null } }[]>('GET', `/supervisor/sittings/${seeded.sittingId}/candidates`, { token });
    expect(candidates.find((c) => c.candidate.id === seeded.candidate.id)?.progress.finishReason).toBe('endedBySupervisor');
    await waitUntil(async () => seriousErrors(browser.errors), (errors) => errors.length === 0, 'no serious page errors', 1_000);
  });
});
