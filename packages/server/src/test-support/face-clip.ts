/**
 * A camera clip of a face doing 人脸登录's head turn, for Chromium's fake camera (`--use-file-for-fake-video-capture`):
 * the astronaut (Debian's public-domain astronaut.png) facing the camera for 1.5 s, then with the head turned to
 * their own left (face-samples.ts's `turned`) for 1 s, looping. A square in the top-left corner is white while the
 * face faces the camera and black while it is turned, so that a test can see in the page's preview where the loop is.
 * Built with jimp and Debian's ffmpeg into a .y4m (what Chromium's file camera reads), once per directory.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Jimp } from 'jimp';
import { facing, turned } from './face-samples.js';

export const CLIP_FPS = 20;
export const FACING_MS = 1_500;
export const TURNED_MS = 1_000;
/** The marker square's side, in pixels of the 640×480 picture. */
export const MARKER_PX = 48;

const WIDTH = 640;
const HEIGHT = 480;

/** The head on a grey 640×480 picture, as large as a webcam shows a candidate, with the marker square. */
async function cameraFrame(head: Uint8Array, marker: number): Promise<Buffer> {
  const picture = await Jimp.read(Buffer.from(head));
  const scale = 360 / picture.bitmap.height;
  picture.resize({ w: Math.round(picture.bitmap.width * scale), h: 360 });
  const canvas = new Jimp({ width: WIDTH, height: HEIGHT, color: 0x808080ff });
  canvas.composite(picture, Math.round((WIDTH - picture.bitmap.width) / 2), 60);
  canvas.composite(new Jimp({ width: MARKER_PX, height: MARKER_PX, color: marker }), 0, 0);
  return canvas.getBuffer('image/png');
}

/** The clip's path in `dir` (made when missing). */
export async function turningFaceClip(dir: string): Promise<string> {
  const clip = join(dir, 'astronaut-turns-left.y4m');
  if (existsSync(clip)) return clip;
  const frames = join(dir, 'astronaut-frames');
  await mkdir(frames, { recursive: true });
  const front = join(frames, 'facing.png');
  const side = join(frames, 'turned.png');
  await writeFile(front, await cameraFrame(await facing('astronaut'), 0xffffffff));
  // The candidate's own left is the picture's right in an unmirrored camera picture.
  await writeFile(side, await cameraFrame(await turned('astronaut', 'right'), 0x000000ff));
  const facingFrames = (FACING_MS / 1000) * CLIP_FPS;
  const turnedFrames = (TURNED_MS / 1000) * CLIP_FPS;
  for (let i = 0; i < facingFrames + turnedFrames; i += 1) {
    await copyFile(i < facingFrames ? front : side, join(frames, `frame-${String(i).padStart(3, '0')}.png`));
  }
  await promisify(execFile)('ffmpeg', ['-v', 'error', '-y', '-framerate', String(CLIP_FPS), '-i', join(frames, 'frame-%03d.png'), '-pix_fmt', 'yuv420p', clip]);
  return clip;
}
