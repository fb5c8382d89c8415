/**
 * The face checks in real headless Chromium against the real server with the real face verifier: during 开始答题 the
 * candidate's page sends small stills of the camera it records, and Chromium's fake camera — its test pattern, no
 * face — gives the supervisor a faceMissing incident; the interview goes on to 上传成功 all the same. The interval is
 * 2 s (the app's option); the test waits for the incident and the stages, never for a time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import { createFaceVerifier } from './face-verifier.js';
import { faceSamplesInstalled } from './test-support/face-samples.js';
import { Journey, MIN, openPortal, portalServerPerFile, seedPortalSitting, seriousErrors, supervisorToken, type PortalServer } from '../test-browser/portal.js';

/** How far before the start 「刷新」 puts server time at 进入考试. */
const LEAD_MS = 12_000;

describe.runIf(faceSamplesInstalled() || process.env['CI'] === 'true')('the face checks while answering', () => {
  const verifier = createFaceVerifier();
  let server: PortalServer;
  const cleanups = portalServerPerFile((started) => (server = started), { faceVerifier: verifier, faceCheckIntervalSeconds: 2 });
  afterAll(() => verifier.close());

  it('raises faceMissing for the fake camera’s test pattern during 开始答题, and the candidate goes on to 上传成功', async () => {
    await verifier.ready;
    const startsAt = Math.ceil((Date.now() + 3 * 24 * 60 * MIN) / MIN) * MIN;
    const seeded = await seedPortalSitting(server, { startsAt });
    await server.setClock(startsAt - 20 * MIN);
    const portal = await openPortal(server, 'zh-CN');
    cleanups.push(() => portal.close());
    const faceChecks: number[] = [];
    portal.page.on('request', (request) => {
      if (request.url().endsWith('/api/v1/me/face-check')) faceChecks.push(request.postDataBuffer()?.byteLength ?? 0);
    });
    const journey = new Journey(server, seeded, portal, { locale: 'zh-CN', audit: false });
    await journey.walkToAnswering(LEAD_MS);

    const token = await supervisorToken(server);
    const incidents = () => server.call<{ kind: string; at: number }[]>('GET', `/supervisor/candidates/${seeded.candidate.id}/incidents`, { token });
    const found = await waitUntil(incidents, (list) => list.some((incident) => incident.kind === 'faceMissing'), 'a faceMissing incident', 90_000);
    // Raised by the server while answering (server time stands at the start here), at most one of the kind.
    expect(found.filter((incident) => incident.kind === 'faceMissing')).toEqual([expect.objectContaining({ at: startsAt })]);
    // The page sent small stills (a 320 px JPEG is a few tens of kilobytes at most).
    expect(faceChecks.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...faceChecks)).toBeLessThan(100_000);

    // The interview goes on: 结束考试 → 确认 → 上传成功.
    const dialog = portal.page.getByRole('alertdialog');
    await journey.click(journey.m.actions.endExam);
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    await journey.click('确认');
    await journey.arrive('finished', { timeoutMs: 90_000 });
    await portal.page.getByText(journey.m.finished.success).waitFor({ timeout: 30_000 });
    expect(seriousErrors(portal.errors)).toEqual([]);
  });
});
