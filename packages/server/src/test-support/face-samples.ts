/**
 * The face test set, from public-domain pictures in Debian packages (python3-skimage: astronaut.png, camera.png,
 * chelsea.png; python-matplotlib-data: grace_hopper.jpg; scripts/ensure-face-samples.sh installs them), and the
 * variants of each face the verifier must still accept: cropped, rotated a little, darker, smaller, mirrored (jimp,
 * pure JavaScript). Shared by the verifier's tests and `npm run bench`.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Jimp } from 'jimp';

export const FACE_SAMPLE_FILES = {
  astronaut: '/usr/lib/python3/dist-packages/skimage/data/astronaut.png',
  grace: '/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg',
  camera: '/usr/lib/python3/dist-packages/skimage/data/camera.png',
  chelsea: '/usr/lib/python3/dist-packages/skimage/data/chelsea.png',
} as const;

export type Person = 'astronaut' | 'grace';
export const PEOPLE: readonly Person[] = ['astronaut', 'grace'];

/** Where each face is in its picture (x, y, width, height), generously: the crops keep the whole head. */
const HEAD: Record<Person, readonly [number, number, number, number]> = {
  astronaut: [130, 0, 200, 230],
  grace: [80, 40, 350, 330],
};

export function faceSamplesInstalled(): boolean {
  return Object.values(FACE_SAMPLE_FILES).every((file) => existsSync(file));
}

/** The few jimp methods used here: its own instance types do not accept what its methods answer. */
interface Image {
  readonly bitmap: { readonly width: number; readonly height: number };
  clone(): Image;
  crop(area: { x: number; y: number; w: number; h: number }): Image;
  rotate(degrees: number): Image;
  brightness(factor: number): Image;
  scale(factor: number): Image;
  flip(axes: { horizontal: boolean; vertical: boolean }): Image;
  resize(size: { w: number; h: number }): Image;
  composite(image: Image, x: number, y: number): Image;
  getBuffer(mime: 'image/jpeg', options: { quality: number }): Promise<Buffer>;
}

async function load(file: string): Promise<Image> {
  return (await Jimp.read(await readFile(file))) as unknown as Image;
}

const blank = (width: number, height: number): Image => new Jimp({ width, height, color: 0x808080ff }) as unknown as Image;

async function jpeg(image: Image, quality = 85): Promise<Uint8Array> {
  return new Uint8Array(await image.getBuffer('image/jpeg', { quality }));
}

export interface FaceVariant {
  readonly person: Person;
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** The picture as it is (the enrolment photo). */
export async function original(person: Person): Promise<Uint8Array> {
  return new Uint8Array(await readFile(FACE_SAMPLE_FILES[person]));
}

/** Another picture of the same person: what a login frame may look like. */
export async function variants(person: Person): Promise<FaceVariant[]> {
  const base = await load(FACE_SAMPLE_FILES[person]);
  const [x, y, w, h] = HEAD[person];
  const make = async (name: string, change: (image: Image) => Image) => ({ person, name, bytes: await jpeg(change(base.clone())) });
  return Promise.all([
    make('cropped', (i) => i.crop({ x, y, w, h })),
    make('rotated 8°', (i) => i.rotate(8)),
    make('rotated −8°', (i) => i.rotate(-8)),
    make('darker', (i) => i.brightness(0.55)),
    make('darker, cropped', (i) => i.crop({ x, y, w, h }).brightness(0.6)),
    make('smaller', (i) => i.scale(0.6)),
    make('mirrored', (i) => i.flip({ horizontal: true, vertical: false })),
  ]);
}

/** The head facing the camera, as a camera frame: its crop of the picture, a JPEG. */
export async function facing(person: Person): Promise<Uint8Array> {
  const [x, y, w, h] = HEAD[person];
  return jpeg((await load(FACE_SAMPLE_FILES[person])).crop({ x, y, w, h }));
}

/**
 * The face as if the head were turned: the picture's one side (of the face's middle) stretched and the other
 * squeezed, so that the nose sits off the middle between the eyes, as it does when a head turns. `towards` is the
 * side of the picture the nose moves to: 'right' is the person's own left in an unmirrored camera picture.
 */
export async function turned(person: Person, towards: 'left' | 'right', amount = 0.35): Promise<Uint8Array> {
  const [x, y, w, h] = HEAD[person];
  const head = (await load(FACE_SAMPLE_FILES[person])).crop({ x, y, w, h });
  const half = Math.round(w / 2);
  const [leftScale, rightScale] = towards === 'right' ? [1 + amount, 1 - amount] : [1 - amount, 1 + amount];
  const left = head.clone().crop({ x: 0, y: 0, w: half, h }).resize({ w: Math.round(half * leftScale), h });
  const right = head.clone().crop({ x: half, y: 0, w: w - half, h }).resize({ w: Math.round((w - half) * rightScale), h });
  const canvas = blank(left.bitmap.width + right.bitmap.width, h);
  canvas.composite(left, 0, 0).composite(right, left.bitmap.width, 0);
  return jpeg(canvas);
}

/** The pictures without a face. */
export async function nonFaces(): Promise<FaceVariant[]> {
  return [
    { person: 'astronaut', name: 'camera.png (no face)', bytes: new Uint8Array(await readFile(FACE_SAMPLE_FILES.camera)) },
    { person: 'astronaut', name: 'chelsea.png (a cat)', bytes: new Uint8Array(await readFile(FACE_SAMPLE_FILES.chelsea)) },
  ];
}

/** Both people side by side in one picture. */
export async function twoFaces(): Promise<Uint8Array> {
  const astronaut = (await load(FACE_SAMPLE_FILES.astronaut)).crop({ x: 130, y: 0, w: 200, h: 230 }).resize({ w: 300, h: 345 });
  const grace = (await load(FACE_SAMPLE_FILES.grace)).crop({ x: 80, y: 40, w: 350, h: 330 }).resize({ w: 300, h: 283 });
  const canvas = blank(640, 360);
  canvas.composite(astronaut, 10, 5).composite(grace, 330, 40);
  return jpeg(canvas);
}

/** The picture as the face checks' frame: scaled to 320 px wide (as the candidate's page sends it), a JPEG. */
export async function asCameraFrame(bytes: Uint8Array): Promise<Uint8Array> {
  const image = (await Jimp.read(Buffer.from(bytes))) as unknown as Image;
  return jpeg(image.resize({ w: 320, h: Math.round((320 * image.bitmap.height) / image.bitmap.width) }), 80);
}

/**
 * The head with part of it painted over in a flat colour, as a hand, a mask or a sheet of paper covers a face:
 * `lower` (or `upper`) share of the head's crop from the bottom (top), e.g. 0.4 covers the mouth and the nose's tip.
 */
export async function covered(person: Person, part: 'lower' | 'upper', share: number, color = 0x303030ff): Promise<Uint8Array> {
  const [x, y, w, h] = HEAD[person];
  const head = (await load(FACE_SAMPLE_FILES[person])).crop({ x, y, w, h });
  const height = Math.round(h * share);
  const cover = new Jimp({ width: w, height, color }) as unknown as Image;
  return jpeg(head.composite(cover, 0, part === 'lower' ? h - height : 0));
}
