/**
 * 实时画面 in real headless Chromium against the real server: a candidate on the portal (fake camera and whole-monitor
 * share) answering, their phone (a Chromium of its own) recording, a supervisor on /proctor who opens the candidate's
 * panel and 「实时画面」. The console shows the camera, the screen and the phone with moving frames over WebRTC
 * signalled through the live-events socket; the candidate's page sends clones of its recorded tracks, each video
 * track capped at the server's bitrate, and its recordings go on reaching the server meanwhile. The candidate's
 * network is cut for 10 s: the console says 重新连接中, and once the candidate is back the frames move again in a new
 * peer connection. A second view beyond the server's cap is refused with LIVE_VIEWS_EXHAUSTED.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PROCTOR_CONSOLE_LOCALES } from '@examroom/core';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../adapters/test-browser/launch.js';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import { Phone } from '../test-browser/phone.js';
import { readQrCode } from '../test-browser/phone-device.js';
import { Journey, MIN, openPortal, seedPortalSitting, seriousErrors, serverRecordings, portalServerPerFile, supervisorToken, type PortalServer } from '../test-browser/portal.js';

const m = PROCTOR_CONSOLE_LOCALES['zh-CN'];
const LEAD_MS = 12_000;
/** The cap under test: well below what Chromium sends a 640×480 camera or a 1280×720 screen unasked. */
const MAX_BITRATE_BPS = 250_000;

let server: PortalServer;
const cleanups = portalServerPerFile((started) => (server = started), { liveView: { maxBitrateBps: MAX_BITRATE_BPS, viewsPerCandidate: 1 } });

/** Every RTCPeerConnection the page makes, kept where the test can read it. */
const RECORD_PEER_CONNECTIONS = () => {
  const Native = window.RTCPeerConnection;
  const made: RTCPeerConnection[] = [];
  (window as unknown as { examroomPeerConnections: RTCPeerConnection[] }).examroomPeerConnections = made;
  window.RTCPeerConnection = class extends Native {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      made.push(this);
    }
  } as typeof RTCPeerConnection;
};

const peerConnectionCount = (page: Page) => page.evaluate(() => (window as unknown as { examroomPeerConnections: RTCPeerConnection[] }).examroomPeerConnections.length);

/** The live view's <video> of a source: its size and playing position, read twice a second apart. */
async function frames(page: Page, source: 'camera' | 'screen' | 'phone'): Promise<{ width: number; advanced: boolean }> {
  const video = page.locator(`exam-proctor-console .live-view video[data-source="${source}"]`);
  const read = () => video.evaluate((v: HTMLVideoElement) => ({ width: v.videoWidth, time: v.currentTime }));
  const first = await read();
  await waitUntil(read, (now) => now.time > first.time, `${source}: currentTime advancing`, 10_000);
  const later = await read();
  return { width: later.width, advanced: later.time > first.time };
}

/** A supervisor's own socket, to ask for a view as the console would. */
async function askForView(token: string, candidateId: string): Promise<{ type: string; code?: string }> {
  const socket = new WebSocket(`${server.origin.replace(/^http/, 'ws')}/api/v1/ws`);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const answer = new Promise<{ type: string; code?: string }>((resolve) =>
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string; code?: string };
        if (message.type.startsWith('live.') && message.type !== 'live.available') resolve(message);
      }),
    );
    socket.send(JSON.stringify({ type: 'auth', token }));
    socket.send(JSON.stringify({ type: 'live.watch', viewId: 'second-view-0001', candidateId }));
    return await answer;
  } finally {
    socket.close();
  }
}

describe('实时画面: a supervisor watches a candidate live', () => {
  it('shows moving camera, screen and phone frames, capped, and comes back in a new connection after a 10 s network cut', async () => {
    const startsAt = Math.ceil((Date.now() + 2 * 24 * 60 * MIN) / MIN) * MIN;
    const seeded = await seedPortalSitting(server, { startsAt });
    await server.setClock(startsAt - 20 * MIN);

    // ---- the candidate answers (the camera is recorded from 开始答题, the screen from entry) ----
    const portal = await openPortal(server, 'zh-CN');
    cleanups.push(() => portal.close());
    await portal.page.addInitScript(RECORD_PEER_CONNECTIONS);
    await portal.page.evaluate(RECORD_PEER_CONNECTIONS);
    const journey = new Journey(server, seeded, portal, { locale: 'zh-CN', audit: false });
    await journey.checkDevices();
    await journey.passwordLogin();
    await journey.readProcedure();
    // A real phone (its own Chromium) scans the code and records: the console sees its camera too.
    await journey.bindEvidence(async ({ qr }) => {
      const phone = await Phone.open(server, await readQrCode(qr));
      cleanups.push(() => phone.close());
      await phone.recordFromCamera();
    });
    await journey.drawLot();
    await journey.enter(LEAD_MS);
    await journey.confirmDevices();
    await journey.confirmInfo();
    await journey.acceptPledge();
    await journey.waitForStart();

    // ---- the supervisor opens the candidate's panel, then 「实时画面」 ----
    const supervisor = await launchChromium();
    cleanups.push(() => supervisor.close());
    const console_ = supervisor.context.pages()[0] ?? (await supervisor.context.newPage());
    await console_.setViewportSize({ width: 1366, height: 768 });
    await console_.addInitScript(RECORD_PEER_CONNECTIONS);
    const consoleErrors: string[] = [];
    console_.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
    await console_.goto(`${server.origin}/proctor`);
    const demo = server.app.examroom.demo!;
    await console_.getByLabel(m.login.username).fill(demo.supervisor.username);
    await console_.getByLabel(m.login.password).fill(demo.supervisor.password);
    await console_.getByRole('button', { name: m.login.submit, exact: true }).click();
    await console_.locator(`button[data-sitting="${seeded.sittingId}"]`).click();
    const row = console_.locator(`exam-proctor-console tr[data-candidate="${seeded.candidate.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('button', { name: new RegExp(m.sitting.openHelp) }).click();
    await console_.getByRole('button', { name: m.liveView.open, exact: true }).click();

    const status = console_.locator('exam-proctor-console .live-view [data-live-phase]');
    const phase = () => status.getAttribute('data-live-phase', { timeout: 1_000 }).catch(() => null);
    await waitUntil(phase, (shown) => shown === 'connected', 'the live view connected', 30_000);
    expect(await status.textContent()).toBe(m.liveView.phases.connected);
    for (const source of ['camera', 'screen', 'phone'] as const) {
      await console_.locator(`exam-proctor-console .live-view video[data-source="${source}"]`).waitFor({ timeout: 30_000 });
      const seen = await frames(console_, source);
      expect(seen.width, `${source} videoWidth`).toBeGreaterThan(0);
      expect(seen.advanced, `${source} currentTime advancing`).toBe(true);
    }

    // The candidate's page sends its video tracks capped at the server's bitrate, and its recording goes on untouched.
    const caps = await portal.page.evaluate(() =>
      (window as unknown as { examroomPeerConnections: RTCPeerConnection[] }).examroomPeerConnections
        .filter((pc) => pc.connectionState === 'connected')
        .flatMap((pc) => pc.getSenders())
        .filter((sender) => sender.track?.kind === 'video')
        .map((sender) => sender.getParameters().encodings.map((encoding) => encoding.maxBitrate)),
    );
    expect(caps).toEqual([[MAX_BITRATE_BPS], [MAX_BITRATE_BPS]]);
    // The recordings go on reaching the server while the supervisor watches.
    const token = await supervisorToken(server);
    const received = async () => Object.fromEntries((await serverRecordings(server, seeded.candidate.id, token)).filter((r) => r.kind !== 'evidence').map((r) => [r.id, r.bytesReceived]));
    const before = await received();
    await waitUntil(received, (now) => Object.keys(before).length === 2 && Object.entries(before).every(([id, bytes]) => (now[id] ?? 0) > bytes + 50_000), 'both recordings growing during the view', 30_000);

    // One view per candidate on this server: another asks beyond it and is refused, with nothing relayed.
    expect(await askForView(await supervisorToken(server), seeded.candidate.id)).toMatchObject({ type: 'live.error', code: 'LIVE_VIEWS_EXHAUSTED' });

    // ---- the candidate's network drops for 10 s: 重新连接中, then frames again in a new peer connection ----
    const connectionsBefore = await peerConnectionCount(console_);
    await portal.context.setOffline(true);
    await waitUntil(phase, (shown) => shown === 'reconnecting', 'the console showing 重新连接中', 30_000);
    expect(await status.textContent()).toBe(m.liveView.phases.reconnecting);
    // The issue's own figure: the candidate stays offline for 10 s of wall time.
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    await portal.context.setOffline(false);
    await waitUntil(phase, (shown) => shown === 'connected', 'the live view connected again', 90_000);
    expect(await peerConnectionCount(console_)).toBeGreaterThan(connectionsBefore);
    for (const source of ['camera', 'screen'] as const) {
      const seen = await frames(console_, source);
      expect(seen.width, `${source} videoWidth after the cut`).toBeGreaterThan(0);
      expect(seen.advanced, `${source} currentTime advancing after the cut`).toBe(true);
    }

    // ---- closed by the supervisor ----
    await console_.getByRole('button', { name: m.liveView.close, exact: true }).click();
    await console_.locator('exam-proctor-console .live-view').waitFor({ state: 'detached', timeout: 10_000 });
    await waitUntil(() => server.app.examroom.live.liveViews, (views) => views === 0, 'the server to close the view');

    expect(seriousErrors(consoleErrors)).toEqual([]);
  });
});
