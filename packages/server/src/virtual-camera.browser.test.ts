/**
 * R7 「不得使用滤镜、美颜等功能」 in real headless Chromium against the real server: a candidate whose camera is a virtual
 * camera (OBS) is warned at 设备准备, refused at 设备确认, and goes on by themselves once a supervisor, in another
 * browser, waives it from the console's candidate panel (豁免); the reviewer finds both on the candidate's timeline.
 *
 * Chromium's fake camera calls itself `fake_device_0`. An init script makes `enumerateDevices()` give it the label
 * OBS's driver gives itself, so the page lists what a browser with OBS installed would list; getUserMedia, the
 * stream and the recordings are the fake camera's, untouched, and everything else is the real page and server.
 */
import { describe, expect, it } from 'vitest';
import { LOCALES, PROCTOR_CONSOLE_LOCALES } from '@examroom/core';
import {
  Journey,
  openSittingConsole,
  MIN,
  openPortal,
  portalServerPerFile,
  portalUrl,
  seedPortalSitting,
  seriousErrors,
  seriousOrCritical,
  supervisorToken,
  type PortalServer,
} from '../test-browser/portal.js';

const words = LOCALES['zh-CN'];
const m = PROCTOR_CONSOLE_LOCALES['zh-CN'];
const OBS = 'OBS Virtual Camera';
/** Server time at 进入考试: well before the start, so that the supervisor's steps never race the countdown. */
const LEAD_MS = 10 * MIN;

/** Runs in the page before its scripts: every labelled camera is listed as OBS's virtual camera. */
function listCamerasAsObs(label: string): void {
  const enumerate = MediaDevices.prototype.enumerateDevices;
  MediaDevices.prototype.enumerateDevices = async function enumerateDevices(this: MediaDevices) {
    const devices = await enumerate.call(this);
    return devices.map((device) => {
      if (device.kind !== 'videoinput' || device.label === '') return device;
      const { deviceId, groupId, kind } = device;
      return { deviceId, groupId, kind, label, toJSON: () => ({ deviceId, groupId, kind, label }) } as MediaDeviceInfo;
    });
  };
}

let server: PortalServer;
const cleanups = portalServerPerFile((started) => (server = started));

describe('a virtual camera (R7)', () => {
  it('warns at 设备准备, is refused at 设备确认, and a supervisor’s 豁免 lets the candidate go on without a reload', async () => {
    const startsAt = Math.ceil((Date.now() + 5 * 24 * 60 * MIN) / MIN) * MIN;
    const seeded = await seedPortalSitting(server, { startsAt, answerMs: 5 * MIN });
    await server.setClock(startsAt - 20 * MIN);

    // ---- the candidate's browser, its camera listed as OBS's ----
    const portal = await openPortal(server, 'zh-CN');
    cleanups.push(() => portal.close());
    await portal.page.addInitScript(listCamerasAsObs, OBS);
    await portal.page.goto(portalUrl(server, 'zh-CN'));
    // axe audits (and screenshots) the two stages as they warn.
    const journey = new Journey(server, seeded, portal, { locale: 'zh-CN', audit: (_stage, variant) => variant === 'virtual-camera' });

    // ---- 设备准备: the camera's row warns, in the guide's words, with the cameras to choose from; 「下一步」 still goes on ----
    const cameraRow = portal.page.locator('exam-room li[data-check="camera"]');
    await journey.arrive('checkingDevices', { variant: 'virtual-camera', ready: () => journey.enabled(words.actions.continue) });
    expect(await cameraRow.locator('.state').textContent()).toBe(words.checkingDevices.status.warn);
    expect(await cameraRow.locator('.fix').textContent()).toBe(words.errors.VIRTUAL_CAMERA);
    const choice = cameraRow.getByLabel(words.checkingDevices.chooseCamera, { exact: true });
    expect(await choice.locator('option').allTextContents()).toEqual([OBS]);
    await journey.click(words.actions.continue);

    await journey.passwordLogin();
    await journey.readProcedure();
    await journey.bindEvidence();
    await journey.drawLot();
    await journey.enter(LEAD_MS);

    // ---- 设备确认: warned before, refused after 「下一步」: the page waits for a supervisor ----
    const stage = portal.page.locator('exam-room [data-stage="confirmingDevices"]');
    await journey.arrive('confirmingDevices', { ready: () => journey.enabled(words.actions.continue) });
    await stage.getByText(words.confirmingDevices.virtualCamera, { exact: true }).waitFor({ timeout: 15_000 });
    await journey.click(words.actions.continue);
    await stage.getByRole('alert').filter({ hasText: words.errors.VIRTUAL_CAMERA }).waitFor({ timeout: 15_000 });
    await journey.arrive('confirmingDevices', {
      variant: 'virtual-camera',
      ready: () => stage.getByText(words.confirmingDevices.awaitingWaiver, { exact: true }).waitFor({ timeout: 15_000 }),
    });
    expect(journey.visits.flatMap((visit) => seriousOrCritical(visit.axe).map((f) => `${visit.stage}: ${f.id} ${f.help} ${f.targets.join(' ')}`))).toEqual([]);

    const eventsBefore = portal.hostEvents.length;

    // ---- the supervisor: the candidate's panel shows the camera refused; 豁免 with a reason ----
    const sittingConsole = await openSittingConsole(server, seeded.sittingId);
    cleanups.push(() => sittingConsole.close());
    const { page, errors: consoleErrors } = sittingConsole;
    const row = page.locator(`exam-proctor-console tr[data-candidate="${seeded.candidate.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('button', { name: new RegExp(m.sitting.openHelp) }).click();
    const panel = page.locator('exam-proctor-console .candidate-panel');
    const warning = panel.locator('.virtual-camera p');
    await warning.waitFor({ timeout: 30_000 });
    expect(await warning.textContent()).toBe(m.candidate.virtualCamera.replace('{label}', OBS));
    const reason = '考生只有这一个摄像头，已核实未开滤镜';
    await panel.getByLabel(m.candidate.waiveReason, { exact: true }).fill(reason);
    await panel.getByRole('button', { name: m.candidate.waiveVirtualCamera, exact: true }).click();
    await panel.locator('.interventions li[data-kind="virtualCameraWaiver"]').waitFor({ timeout: 15_000 });
    await panel.locator('.virtual-camera.waived').waitFor({ timeout: 15_000 });

    // ---- the candidate's page moves on by itself (virtualCamera.waived), no reload ----
    await journey.arrive('confirmingInfo', { timeoutMs: 30_000 });
    // A reload would have started again at 设备准备 (and 继续面试): the page only moved on.
    const stages = portal.hostEvents.slice(eventsBefore).filter((event) => event.type === 'examStageChange').map((event) => (event.detail as { stage: string }).stage);
    expect(stages).toEqual(['confirmingInfo']);

    // ---- the record: confirmed on the server, and both on the reviewer's timeline ----
    const token = await supervisorToken(server);
    const timeline = await server.call<{ progress: { devicesConfirmedAt: number | null }; markers: { kind: string; detail?: string; text?: string }[] }>(
      'GET',
      `/supervisor/candidates/${seeded.candidate.id}/timeline`,
      { token },
    );
    expect(timeline.progress.devicesConfirmedAt).toEqual(expect.any(Number));
    expect(timeline.markers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'incident', detail: 'virtualCamera' }),
        expect.objectContaining({ kind: 'intervention', detail: 'virtualCameraWaiver', text: reason }),
      ]),
    );

    expect(seriousErrors(consoleErrors)).toEqual([]);
    expect(seriousErrors(portal.errors)).toEqual([]);
  });
});
