/**
 * The candidate's phone in the browser tests: headless Chromium emulating a phone held upright (a mobile viewport,
 * touch, a phone's user agent), a fake camera that shows a chosen picture (the PC's QR code), the PC's QR code read
 * from a screenshot, and the compass turned through the DevTools protocol.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import type { BrowserContext, CDPSession, Locator, Page } from 'playwright-core';
import { launchChromium, type LaunchedChromium, type LaunchOptions } from '../../adapters/test-browser/launch.js';

const run = promisify(execFile);
/** jsQR is CommonJS with an `__esModule` default: Node's ESM loader hands over the exports object. */
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { readonly data: string } | null;
const jsQR: JsQr = (jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr);
const FFMPEG = process.env['FFMPEG_PATH'] ?? '/usr/bin/ffmpeg';

/** A mid-range Android phone in portrait (Pixel 7's CSS viewport). */
export const PHONE_DEVICE: NonNullable<LaunchOptions['device']> = {
  viewport: { width: 412, height: 915 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
};

/** Headless Chromium as a phone; `camera` is a Y4M file the fake camera shows instead of its test pattern. */
export function launchPhone(options: { camera?: string; userDataDir?: string; args?: readonly string[] } = {}): Promise<LaunchedChromium> {
  return launchChromium({
    device: PHONE_DEVICE,
    // A phone's browser grants the motion sensors to pages by default; Chromium's DeviceOrientationEvent.requestPermission()
    // answers 'denied' without them.
    permissions: ['camera', 'microphone', 'accelerometer', 'gyroscope', 'magnetometer'],
    args: [...(options.camera ? [`--use-file-for-fake-video-capture=${options.camera}`] : []), ...(options.args ?? [])],
    ...(options.userDataDir ? { userDataDir: options.userDataDir } : {}),
  });
}

/** The picture of an element (the PC's QR code) as RGBA pixels, decoded by ffmpeg from Playwright's PNG. */
async function pixelsOf(png: Buffer, dir: string): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
  const file = join(dir, 'shot.png');
  await writeFile(file, png);
  const { stdout: probe } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file]);
  const [width, height] = probe.trim().split(',').map(Number) as [number, number];
  const { stdout } = await run(FFMPEG, ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  return { data: new Uint8ClampedArray(stdout.buffer, stdout.byteOffset, stdout.byteLength), width, height };
}

/** What the QR code shown in `qr` says, read with jsQR from a screenshot of it — as a phone's scanner reads it. */
export async function readQrCode(qr: Locator): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'examroom-qr-'));
  try {
    const { data, width, height } = await pixelsOf(await qr.screenshot(), dir);
    const decoded = jsQR(data, width, height);
    if (!decoded) throw new Error('no QR code readable in the screenshot');
    return decoded.data;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A Y4M file of the QR code in `qr`, centred on a white 640×480 frame (one frame, which Chromium's fake camera loops):
 * the phone's camera then films the PC's screen. The caller deletes `dir`.
 */
export async function qrCodeCamera(qr: Locator, dir: string): Promise<string> {
  const png = join(dir, 'qr.png');
  const y4m = join(dir, 'qr.y4m');
  await writeFile(png, await qr.screenshot());
  await run(FFMPEG, [
    '-v', 'error', '-y', '-i', png,
    '-vf', 'scale=400:400:flags=neighbor,pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p',
    '-frames:v', '1', y4m,
  ]);
  return y4m;
}

/** A rotation about the vertical axis by `degrees`, as the orientation sensors report it. */
function headingQuaternion(degrees: number) {
  const half = (degrees * Math.PI) / 360;
  return { x: 0, y: 0, z: Math.sin(half), w: Math.cos(half) };
}

const ORIENTATION_SENSORS = ['absolute-orientation', 'relative-orientation'] as const;

/** The phone's compass, driven through the DevTools protocol's sensor overrides. */
export interface Compass {
  /** Turns to `degrees` and waits until the page has seen that heading (no guess of time). */
  turnTo(degrees: number): Promise<void>;
  /** Turns 0° → 360° in `stepDegrees` steps. */
  turnFullCircle(stepDegrees?: number): Promise<void>;
  detach(): Promise<void>;
}

/**
 * Gives the phone an orientation sensor facing 0°. Chromium decides whether a page has orientation when the page
 * first listens, so call this before the page is opened.
 */
export async function attachCompass(page: Page): Promise<Compass> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const read = async (degrees: number) => {
    for (const type of ORIENTATION_SENSORS) await cdp.send('Emulation.setSensorOverrideReadings', { type, reading: { quaternion: headingQuaternion(degrees) } });
  };
  for (const type of ORIENTATION_SENSORS) await cdp.send('Emulation.setSensorOverrideEnabled', { enabled: true, type });
  await read(0);
  // Every page load of the tab notes the headings it is given (the room scan may come after a reload).
  await page.addInitScript(() => {
    const seen: number[] = [];
    (window as unknown as { examroomTestHeadings: number[] }).examroomTestHeadings = seen;
    addEventListener('deviceorientation', (event) => {
      if (event.alpha !== null) seen.push(event.alpha);
    });
  });
  const compass: Compass = {
    async turnTo(degrees) {
      const heading = degrees % 360;
      await read(heading);
      await page.waitForFunction(
        (expected) => (window as unknown as { examroomTestHeadings: number[] }).examroomTestHeadings.some((a) => Math.abs(((a - expected + 540) % 360) - 180) < 0.5),
        heading,
      );
    },
    async turnFullCircle(stepDegrees = 10) {
      for (let degrees = 0; degrees <= 360; degrees += stepDegrees) await compass.turnTo(degrees);
    },
    detach: () => cdp.detach().catch(() => undefined),
  };
  return compass;
}

/** What one MediaRecorder of the phone page produced, as the browser handed it out (the ground truth of a part). */
export interface TappedRecorder {
  readonly id: string;
  readonly mimeType: string;
  /** Non-empty chunks by their order of arrival. */
  readonly chunks: Buffer[];
  /** Whether the recorder fired `stop` (it did not when the page was closed or reloaded under it). */
  stopped: boolean;
}

export interface RecorderTap {
  /** Every recorder of every page of the context, in the order they were created. */
  readonly recorders: readonly TappedRecorder[];
}

/**
 * Keeps a copy of every chunk every MediaRecorder of the context hands out, before the product's code sees it, across
 * reloads and new tabs: the ground truth the server's files are compared with. Nothing here shares code with the
 * product. A chunk is copied as it arrives, so a page killed under its recorder may take at most the chunk in
 * flight with it, from the product and from the tap alike.
 */
export async function tapMediaRecorders(context: BrowserContext): Promise<RecorderTap> {
  const recorders: TappedRecorder[] = [];
  const byId = new Map<string, TappedRecorder & { parts: Map<number, Buffer>; received: number }>();
  await context.exposeBinding('examroomTestRecorder', (_source, id: string, event: 'created' | 'chunk' | 'stop', mimeType: string, index: number, base64: string) => {
    if (event === 'created') {
      const recorder = { id, mimeType, chunks: [] as Buffer[], stopped: false, parts: new Map<number, Buffer>(), received: 0 };
      byId.set(id, recorder);
      recorders.push(recorder);
      return;
    }
    const recorder = byId.get(id);
    if (!recorder) return;
    if (event === 'stop') recorder.stopped = true;
    else {
      recorder.parts.set(index, Buffer.from(base64, 'base64'));
      // Chunks are read asynchronously in the page: put them back in order, as far as they are contiguous.
      while (recorder.parts.has(recorder.chunks.length)) recorder.chunks.push(recorder.parts.get(recorder.chunks.length)!);
    }
  });
  await context.addInitScript(() => {
    type Report = (id: string, event: string, mimeType: string, index: number, base64: string) => Promise<void>;
    const report = (window as unknown as { examroomTestRecorder: Report }).examroomTestRecorder;
    const Native = window.MediaRecorder;
    if (!Native) return;
    const load = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    let count = 0;
    const base64Of = async (blob: Blob) => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    };
    class TappedMediaRecorder extends Native {
      constructor(stream: MediaStream, options?: MediaRecorderOptions) {
        super(stream, options);
        const id = `${load}-${(count += 1)}`;
        let index = 0;
        let created = false;
        const ensureCreated = () => {
          if (!created) void report(id, 'created', this.mimeType, -1, '');
          created = true;
        };
        this.addEventListener('start', ensureCreated);
        this.addEventListener('dataavailable', (event) => {
          ensureCreated();
          if (event.data.size === 0) return;
          const at = index;
          index += 1;
          void base64Of(event.data).then((base64) => report(id, 'chunk', this.mimeType, at, base64));
        });
        this.addEventListener('stop', () => void report(id, 'stop', this.mimeType, -1, ''));
      }
    }
    window.MediaRecorder = TappedMediaRecorder;
  });
  return { recorders };
}

/** Makes the phone's browser record MP4 only, as iOS Safari does: MediaRecorder refuses every WebM type. */
export async function onlyMp4Recording(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const isTypeSupported = MediaRecorder.isTypeSupported.bind(MediaRecorder);
    MediaRecorder.isTypeSupported = (type: string) => !/webm/i.test(type) && isTypeSupported(type);
  });
}
