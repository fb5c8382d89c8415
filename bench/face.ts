/**
 * `npm run bench -- --only face` (and part of every full run): the server's face verifier (packages/server/src/
 * face-verifier.ts, the model in its worker thread) on the face test set (packages/server/src/test-support/
 * face-samples.ts, Debian's public-domain pictures, scripts/ensure-face-samples.sh installs them):
 *
 * - cold: from starting the verifier to ready (models loaded from the package, first detection run), and the first
 *   verification after it; warm: the median verification of one frame and of a login's two frames;
 * - the event loop's longest stall (this process) while the worker verifies: what other requests wait;
 * - false accepts (another person's frame or login matched) and false rejects (the same person's variant or login —
 *   facing, then the head turned — not accepted) at the default threshold, and the similarities' ranges, from which that default was chosen.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createFaceVerifier } from '../packages/server/src/face-verifier.js';
import { PEOPLE, faceSamplesInstalled, facing, nonFaces, original, turned, twoFaces, variants, type FaceVariant } from '../packages/server/src/test-support/face-samples.js';

export interface FaceResult {
  readonly threshold: number;
  readonly coldReadyMs: number;
  readonly coldFirstVerifyMs: number;
  readonly warmOneFrameMs: number;
  readonly warmLoginMs: number;
  readonly loopMaxMs: number;
  readonly idleLoopMaxMs: number;
  readonly genuine: { readonly pairs: number; readonly rejected: number; readonly lowest: number };
  readonly impostor: { readonly pairs: number; readonly accepted: number; readonly highest: number };
  readonly noFaceRefused: string;
  readonly twoFacesRefused: boolean;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function faceBench(log: (line: string) => void): Promise<FaceResult | null> {
  if (!faceSamplesInstalled()) {
    log('face: the test pictures are missing (bash scripts/ensure-face-samples.sh installs them); skipped');
    return null;
  }
  log('face: starting the verifier (cold)');
  let started = performance.now();
  const verifier = createFaceVerifier();
  try {
    await verifier.ready;
    const coldReadyMs = performance.now() - started;
    const enrolled = new Map<string, readonly number[]>();
    for (const person of PEOPLE) enrolled.set(person, await verifier.describe(await original(person)));

    const samples: FaceVariant[] = [];
    for (const person of PEOPLE) samples.push(...(await variants(person)));
    const first = samples[0]!;
    started = performance.now();
    await verifier.verify({ frames: [first.bytes], enrolled: enrolled.get(first.person)!, action: 'turnLeft' });
    const coldFirstVerifyMs = performance.now() - started;

    const loginFrames = new Map<string, Uint8Array[]>();
    for (const person of PEOPLE) loginFrames.set(person, [await facing(person), await turned(person, 'right')]);

    // The event loop's longest stall while idle, for comparison: on a shared machine the loop waits for a core too.
    const idle = monitorEventLoopDelay({ resolution: 10 });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    idle.disable();

    log('face: false accepts and rejects over every variant against every enrolled face');
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const oneFrame: number[] = [];
    let genuine = { pairs: 0, rejected: 0, lowest: 1 };
    let impostor = { pairs: 0, accepted: 0, highest: 0 };
    for (const sample of samples) {
      for (const person of PEOPLE) {
        const at = performance.now();
        const verdict = await verifier.verify({ frames: [sample.bytes], enrolled: enrolled.get(person)!, action: 'turnLeft' });
        oneFrame.push(performance.now() - at);
        const [face] = await verifier.analyse(sample.bytes, enrolled.get(person));
        const similarity = face?.similarity ?? 0;
        if (person === sample.person && !verdict.matched) log(`face: ${sample.person} ${sample.name} rejected (similarity ${verdict.similarity.toFixed(2)}, head turn ${face?.headTurn.toFixed(2)})`);
        if (person === sample.person) genuine = { pairs: genuine.pairs + 1, rejected: genuine.rejected + (verdict.matched ? 0 : 1), lowest: Math.min(genuine.lowest, similarity) };
        else impostor = { pairs: impostor.pairs + 1, accepted: impostor.accepted + (verdict.matched ? 1 : 0), highest: Math.max(impostor.highest, similarity) };
      }
    }
    // Whole logins: facing the camera, then the head turned (the turnLeft challenge), against every enrolled face.
    const logins: number[] = [];
    for (const person of PEOPLE) {
      const frames = loginFrames.get(person)!;
      for (const other of PEOPLE) {
        const at = performance.now();
        const verdict = await verifier.verify({ frames, enrolled: enrolled.get(other)!, action: 'turnLeft' });
        logins.push(performance.now() - at);
        if (person === other && !(verdict.matched && verdict.live)) log(`face: ${person}'s login rejected (${JSON.stringify(verdict)})`);
        if (person === other) genuine = { ...genuine, pairs: genuine.pairs + 1, rejected: genuine.rejected + (verdict.matched && verdict.live ? 0 : 1), lowest: Math.min(genuine.lowest, verdict.similarity) };
        else impostor = { ...impostor, pairs: impostor.pairs + 1, accepted: impostor.accepted + (verdict.matched ? 1 : 0) };
      }
    }
    loop.disable();

    let noFaces = 0;
    const pictures = await nonFaces();
    for (const picture of pictures) noFaces += await verifier.describe(picture.bytes).then(() => 0, () => 1);
    const twoFacesRefused = await verifier.describe(await twoFaces()).then(() => false, () => true);
    return {
      threshold: verifier.threshold,
      coldReadyMs,
      coldFirstVerifyMs,
      warmOneFrameMs: median(oneFrame),
      warmLoginMs: median(logins),
      loopMaxMs: loop.max / 1e6,
      idleLoopMaxMs: idle.max / 1e6,
      genuine,
      impostor,
      noFaceRefused: `${noFaces}/${pictures.length}`,
      twoFacesRefused,
    };
  } finally {
    await verifier.close();
  }
}

export function faceRows(result: FaceResult): string[][] {
  const ms = (value: number) => `${Math.round(value)} ms`;
  const rate = (count: number, of: number) => `${((100 * count) / of).toFixed(1)} % (${count}/${of})`;
  return [
    ['face: cold start → ready (models loaded, warmed)', ms(result.coldReadyMs), '', ''],
    ['face: first verification after ready (one frame)', ms(result.coldFirstVerifyMs), '', ''],
    ['face: warm verification, one frame (median)', ms(result.warmOneFrameMs), '', ''],
    ['face: warm login, two frames (median)', ms(result.warmLoginMs), '', ''],
    ['face: longest event-loop stall while verifying', ms(result.loopMaxMs), `${ms(result.idleLoopMaxMs)} idle`, ''],
    [`face: false accepts at threshold ${result.threshold}`, rate(result.impostor.accepted, result.impostor.pairs), `highest other-person similarity ${result.impostor.highest.toFixed(2)}`, ''],
    [`face: false rejects at threshold ${result.threshold}`, rate(result.genuine.rejected, result.genuine.pairs), `lowest same-person similarity ${result.genuine.lowest.toFixed(2)}`, ''],
    ['face: pictures without a face refused', result.noFaceRefused, `two faces refused: ${result.twoFacesRefused ? 'yes' : 'no'}`, ''],
  ];
}
