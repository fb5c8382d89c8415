/**
 * The server's face verifier on real faces (test-support/face-samples.ts): the model in its worker thread, the
 * models from the installed package, no network. Waits for the worker's readiness, never for a time: the model is
 * slow on a shared CPU, so the timeouts are generous and nothing depends on speed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, ExamError } from '@examroom/core';
import { createFaceVerifier, parseFaceLiveness, parseFaceThreshold, type ServerFaceVerifier } from './face-verifier.js';
import { FACE_DEFAULTS } from './face-analysis.js';
import { PEOPLE, faceSamplesInstalled, nonFaces, original, turned, twoFaces, variants, type FaceVariant } from './test-support/face-samples.js';

const MODEL_TIMEOUT = 300_000;

const codeOf = async (work: () => Promise<unknown>): Promise<string> => {
  try {
    await work();
    return 'resolved';
  } catch (error) {
    return error instanceof ExamError ? error.code : String(error);
  }
};

describe.runIf(faceSamplesInstalled() || process.env['CI'] === 'true')('the face verifier (human, tfjs wasm, in a worker)', () => {
  let verifier: ServerFaceVerifier;
  const enrolled = new Map<string, readonly number[]>();
  const samples: FaceVariant[] = [];

  beforeAll(async () => {
    verifier = createFaceVerifier();
    expect(verifier.status()).toBe('starting');
    await verifier.ready;
    for (const person of PEOPLE) {
      enrolled.set(person, await verifier.describe(await original(person)));
      samples.push(...(await variants(person)));
    }
  }, MODEL_TIMEOUT);
  afterAll(() => verifier?.close());

  it('is ready once warm, with the default threshold and every liveness action', () => {
    expect(verifier.status()).toBe('ready');
    expect(verifier.threshold).toBe(FACE_DEFAULTS.threshold);
    expect(verifier.actions).toEqual(['turnLeft', 'turnRight', 'blink']);
  });

  it('accepts the same person cropped, rotated a little, darker, smaller and mirrored; refuses the other person', async () => {
    const lines: string[] = [];
    for (const sample of samples) {
      for (const person of PEOPLE) {
        const [face] = await verifier.analyse(sample.bytes, enrolled.get(person));
        const similarity = face?.similarity ?? 0;
        lines.push(`${sample.person} ${sample.name} vs ${person}: ${similarity.toFixed(3)}`);
        if (person === sample.person) expect.soft(similarity, `${sample.person} ${sample.name}`).toBeGreaterThanOrEqual(verifier.threshold);
        else expect.soft(similarity, `${sample.person} ${sample.name} as ${person}`).toBeLessThan(verifier.threshold);
      }
    }
    console.info(lines.join('\n'));
  }, MODEL_TIMEOUT);

  it('verifies a login: frames of the enrolled person turning their head pass; another person does not match', async () => {
    const facing = await original('astronaut');
    // The nose towards the picture's right: the candidate's own left, in the camera's unmirrored picture.
    const turnLeft = [facing, await turned('astronaut', 'right')];
    const turnRight = [facing, await turned('astronaut', 'left')];
    const astronaut = enrolled.get('astronaut')!;
    const left = await verifier.verify({ frames: turnLeft, enrolled: astronaut, action: 'turnLeft' });
    expect(left).toMatchObject({ matched: true, live: true });
    expect(left.similarity).toBeGreaterThanOrEqual(verifier.threshold);
    expect(await verifier.verify({ frames: turnRight, enrolled: astronaut, action: 'turnRight' })).toMatchObject({ matched: true, live: true });
    // The same frames do not show the other way, nor a blink; frames that do not move show nothing.
    expect(await verifier.verify({ frames: turnLeft, enrolled: astronaut, action: 'turnRight' })).toMatchObject({ matched: true, live: false });
    expect(await verifier.verify({ frames: turnLeft, enrolled: astronaut, action: 'blink' })).toMatchObject({ live: false });
    expect(await verifier.verify({ frames: [facing, facing], enrolled: astronaut, action: 'turnLeft' })).toMatchObject({ matched: true, live: false });
    // Grace Hopper's frames against the astronaut's photo.
    const grace = samples.filter((s) => s.person === 'grace').map((s) => s.bytes);
    expect(await verifier.verify({ frames: grace.slice(0, 3), enrolled: enrolled.get('astronaut')!, action: 'turnLeft' })).toMatchObject({ matched: false });
  }, MODEL_TIMEOUT);

  it('refuses pictures without a face, and pictures with two faces', async () => {
    for (const sample of await nonFaces()) {
      expect(await codeOf(() => verifier.describe(sample.bytes)), sample.name).toBe(ErrorCode.FACE_NOT_DETECTED);
      expect(await codeOf(() => verifier.verify({ frames: [sample.bytes, sample.bytes], enrolled: enrolled.get('astronaut')!, action: 'blink' })), sample.name).toBe(ErrorCode.FACE_NOT_DETECTED);
    }
    const both = await twoFaces();
    expect(await codeOf(() => verifier.describe(both))).toBe(ErrorCode.FACE_SEVERAL_FACES);
    expect(await codeOf(() => verifier.verify({ frames: [both, both], enrolled: enrolled.get('astronaut')!, action: 'turnLeft' }))).toBe(ErrorCode.FACE_SEVERAL_FACES);
  }, MODEL_TIMEOUT);

  it('answers FILE_UNREADABLE for bytes that are no image, and for a picture too large to unpack', async () => {
    expect(await codeOf(() => verifier.describe(new TextEncoder().encode('not a picture')))).toBe(ErrorCode.FILE_UNREADABLE);
    // A PNG header claiming 100,000 × 100,000 pixels: refused before anything is unpacked.
    const huge = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0, 8, 2, 0, 0, 0]);
    expect(await codeOf(() => verifier.describe(huge))).toBe(ErrorCode.FILE_UNREADABLE);
    // The worker goes on answering.
    expect(await verifier.describe(await original('grace'))).toHaveLength(1024);
  }, MODEL_TIMEOUT);
});

describe('the face settings', () => {
  it('reads EXAMROOM_FACE_THRESHOLD and EXAMROOM_FACE_LIVENESS, and refuses nonsense', () => {
    expect(parseFaceThreshold(undefined)).toBe(FACE_DEFAULTS.threshold);
    expect(parseFaceThreshold('0.6')).toBe(0.6);
    expect(() => parseFaceThreshold('high')).toThrow(/EXAMROOM_FACE_THRESHOLD/);
    expect(() => parseFaceThreshold('1.5')).toThrow(/EXAMROOM_FACE_THRESHOLD/);
    expect(parseFaceLiveness('')).toEqual(['turnLeft', 'turnRight', 'blink']);
    expect(parseFaceLiveness('turnLeft, turnRight')).toEqual(['turnLeft', 'turnRight']);
    expect(() => parseFaceLiveness('nod')).toThrow(/EXAMROOM_FACE_LIVENESS/);
  });
});
