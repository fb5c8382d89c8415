/**
 * Launches Debian's headless Chromium through playwright-core with a fake camera, a fake (beeping) microphone and a
 * fake screen picker that always shares a 1280×720 'monitor'. Flags as verified in /work/shared/TOOLCHAIN.md.
 * `scripts/ensure-chromium.sh` installs the browser; never `npx playwright install`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** The verified launch flags. `launchPersistentContext` sets the user data dir itself (it refuses `--user-data-dir`). */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Fake camera (640×480@20 fps, a moving test pattern) and microphone (a beep), and auto-accepted permission and
  // screen-picker prompts: getDisplayMedia then shares a synthetic monitor.
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
]);

export interface LaunchOptions {
  /** More flags, e.g. `--use-file-for-fake-video-capture=/path/face.y4m` or `--autoplay-policy=no-user-gesture-required`. */
  readonly args?: readonly string[];
  /** Permissions granted to every origin. Default camera and microphone. */
  readonly permissions?: readonly string[];
  /** Reuse this profile directory (to reopen "the same browser" after a simulated crash); it is then not deleted. */
  readonly userDataDir?: string;
  /** Device emulation of the context, e.g. a phone: viewport, isMobile, hasTouch, deviceScaleFactor, userAgent. */
  readonly device?: Pick<BrowserContextOptions, 'viewport' | 'isMobile' | 'hasTouch' | 'deviceScaleFactor' | 'userAgent'>;
}

export interface LaunchedChromium {
  readonly context: BrowserContext;
  /** The profile directory: IndexedDB and the rest of the storage live here. */
  readonly userDataDir: string;
  /** Closes the browser and deletes the profile unless it was given in the options. */
  close(): Promise<void>;
}

/** Starts headless Chromium with a fresh temporary profile (or the given one). */
export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run \`bash scripts/ensure-chromium.sh\` (or set CHROMIUM_PATH)`);
  }
  const ownDir = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'examroom-chromium-')));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    permissions: [...(options.permissions ?? ['camera', 'microphone'])],
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    ...(options.device ?? {}),
  });
  return {
    context,
    userDataDir,
    async close() {
      await context.close();
      if (ownDir) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
