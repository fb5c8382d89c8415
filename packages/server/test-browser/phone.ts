/**
 * The candidate's phone in the browser tests: `/phone` (<exam-evidence-recorder>) in a Chromium that emulates a
 * phone (test-browser/phone-device.ts), walked like a person walks it — buttons by their visible names, the code
 * typed into its labelled field, the compass turned through DevTools — in the evidence recorder's own words.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { EVIDENCE_RECORDER_LOCALES, interpolate, type EvidenceRecorderMessages } from '@examroom/core';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import { attachCompass, launchPhone, onlyMp4Recording, tapMediaRecorders, type Compass, type RecorderTap } from './phone-device.js';
import type { Locale, PortalServer, ServerRecording } from './portal.js';

export interface PhoneOptions {
  readonly locale?: Locale;
  /** A Y4M picture the fake camera shows (the PC's QR code, to scan it in the page). */
  readonly camera?: string;
  /** The same phone again: its browser profile (kept session, IndexedDB). */
  readonly userDataDir?: string;
  /** Record MP4 only, as iOS Safari does. */
  readonly mp4Only?: boolean;
  /** Give the phone an orientation sensor (default true); without one the room scan lasts its minimum duration. */
  readonly compass?: boolean;
}

/** The phone's browser with the evidence recorder open, and the ground truth of what it recorded. */
export class Phone {
  readonly m: EvidenceRecorderMessages;
  readonly errors: string[] = [];

  private constructor(
    readonly server: PortalServer,
    readonly context: BrowserContext,
    public page: Page,
    readonly tap: RecorderTap,
    readonly compass: Compass | null,
    private readonly closeBrowser: () => Promise<void>,
    readonly locale: Locale,
  ) {
    this.m = EVIDENCE_RECORDER_LOCALES[locale];
    this.watch(page);
  }

  /** Opens the phone's browser on `url` (the QR code's link, or `/phone` to type or scan the code). */
  static async open(server: PortalServer, url: string, options: PhoneOptions = {}): Promise<Phone> {
    const launched = await launchPhone({ ...(options.camera ? { camera: options.camera } : {}), ...(options.userDataDir ? { userDataDir: options.userDataDir } : {}) });
    const { context } = launched;
    const tap = await tapMediaRecorders(context);
    if (options.mp4Only) await onlyMp4Recording(context);
    const page = context.pages()[0] ?? (await context.newPage());
    // The sensor must exist before the page first listens for orientation.
    const compass = options.compass === false ? null : await attachCompass(page);
    await page.goto(url);
    return new Phone(server, context, page, tap, compass, () => launched.close(), options.locale ?? 'zh-CN');
  }

  private watch(page: Page): void {
    page.on('pageerror', (error) => this.errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) this.errors.push(`console: ${message.text()}`);
    });
  }

  /** A button by its visible name. */
  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  async click(name: string, timeoutMs = 30_000): Promise<void> {
    const button = this.button(name);
    await button.waitFor({ state: 'visible', timeout: timeoutMs });
    await waitUntil(() => button.isEnabled(), (enabled) => enabled, `the phone's button 「${name}」 to be enabled`, timeoutMs);
    await button.tap();
  }

  /** Waits until `text` shows on the phone. */
  async sees(text: string, timeoutMs = 30_000): Promise<void> {
    await this.page.getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** 佐证绑定 on the phone: the code typed into 配对码, then 「确定」. */
  async typeCode(code: string): Promise<void> {
    const field = this.page.getByLabel(this.m.pairing.codeLabel, { exact: true });
    await field.waitFor({ timeout: 30_000 });
    await field.fill(code);
    await this.click(this.m.pairing.submit);
  }

  /** 「扫描二维码」: the fake camera shows the PC's QR code; pairing goes on by itself once it is read. */
  async scanCode(): Promise<void> {
    await this.click(this.m.pairing.scan);
  }

  /** The camera is open (front by default, R10); 「开始环拍」. */
  async openCamera(): Promise<void> {
    await this.heading(this.m.camera.title);
    await this.click(this.m.camera.continue);
  }

  /** 环拍: a full turn of the compass, or (without a sensor) the minimum duration; then the phone asks to be fixed. */
  async scanRoom(): Promise<void> {
    await this.heading(this.m.scanning.title);
    await this.compass?.turnFullCircle(10);
    await this.button(this.m.recording.start).waitFor({ state: 'visible', timeout: 90_000 });
  }

  /** 「开始录制」, then 录制中 shows. */
  async startRecording(): Promise<void> {
    await this.click(this.m.recording.start);
    await this.sees(this.m.recording.badge);
  }

  /** Every step from an open camera to 录制中. */
  async recordFromCamera(): Promise<void> {
    await this.openCamera();
    await this.scanRoom();
    await this.startRecording();
  }

  /** The status line 「录制中 · 已上传 x / y MB」 as shown: [uploaded, recorded] in MB. */
  async statusMegabytes(): Promise<[number, number] | null> {
    const pattern = new RegExp(
      this.m.recording.status.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\{uploaded\\}', '([\\d.]+)').replace('\\{recorded\\}', '([\\d.]+)'),
    );
    const text = (await this.page.getByText(pattern).first().textContent({ timeout: 1_000 }).catch(() => null)) ?? '';
    const match = pattern.exec(text);
    return match ? [Number(match[1]), Number(match[2])] : null;
  }

  /** Waits until the status line shows at least `megabytes` recorded. */
  async recordedAtLeast(megabytes: number, timeoutMs = 60_000): Promise<void> {
    await waitUntil(() => this.statusMegabytes(), (mb) => mb !== null && mb[1] >= megabytes, `the phone to show ${megabytes} MB recorded`, timeoutMs);
  }

  /** Waits until the page's heading is `title` (a stage's or an end's). */
  async heading(title: string, timeoutMs = 30_000): Promise<void> {
    await this.page.getByRole('heading', { name: title, exact: true }).waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** 「结束录制」, confirmed; then the phone uploads the rest and shows 佐证视频已上传 as its heading. */
  async stopAndUpload(timeoutMs = 120_000): Promise<void> {
    await this.click(this.m.recording.stop);
    await this.page.getByRole('alertdialog').getByRole('button', { name: this.m.recording.confirmStop, exact: true }).tap();
    await this.heading(this.m.ended.done.title, timeoutMs);
  }

  /** Reloads the page (the kept session goes on recording as the next part). */
  async reload(): Promise<void> {
    await this.page.reload();
  }

  /** Closes the tab and opens `url` in a new one: the closed page is gone, the browser and its storage stay. */
  async closeTabAndReopen(url: string): Promise<void> {
    const next = await this.context.newPage();
    await this.page.close({ runBeforeUnload: false });
    this.page = next;
    this.watch(next);
    await next.goto(url);
  }

  /** Takes the phone off the network (DevTools offline) or back on. */
  async setOffline(offline: boolean): Promise<void> {
    await this.context.setOffline(offline);
  }

  private closed: Promise<void> | undefined;

  /** Closes the phone's browser (its profile stays when it was given: the same phone opened again). Idempotent. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await this.compass?.detach();
      await this.closeBrowser();
    })();
    return this.closed;
  }

  /** The message of an interpolated string of the recorder. */
  say(template: string, values: Record<string, string | number>): string {
    return interpolate(template, values);
  }
}

// ---- the server's side of the evidence ----

/** The bytes the server received for a recording, as received over tus (before it was made seekable). */
export function receivedBytes(server: PortalServer, recordingId: string): Promise<Buffer> {
  return readFile(join(server.dataDir, 'uploads', recordingId));
}

/** The finalised (seekable) file of a recording, whatever its container. */
export async function finalisedPath(server: PortalServer, recordingId: string): Promise<string> {
  const dir = join(server.dataDir, 'recordings');
  const name = (await readdir(dir)).find((file) => file.startsWith(`${recordingId}.`) && !file.includes('.received.'));
  if (!name) throw new Error(`no finalised file for ${recordingId} in ${dir}`);
  return join(dir, name);
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The candidate's evidence parts on the server, in part order. */
export const evidenceParts = (recordings: readonly ServerRecording[]) =>
  recordings.filter((r) => r.kind === 'evidence').sort((a, b) => a.part - b.part);
