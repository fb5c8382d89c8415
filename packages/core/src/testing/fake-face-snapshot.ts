/** A fake FaceSnapshot: answers a small fake JPEG for every still asked of a stream, or fails when told to. */
import type { FaceSnapshot } from '../ports/face-snapshot.port.js';

export interface FakeFaceSnapshot extends FaceSnapshot {
  /** Every still taken: the stream it came from and the width asked. */
  readonly taken: { readonly stream: MediaStream; readonly maxWidth: number }[];
  /** Makes the next `times` stills fail (as a track with no frame, or a canvas that throws). */
  failNext(times?: number): void;
}

export function createFakeFaceSnapshot(): FakeFaceSnapshot {
  let failures = 0;
  const taken: { stream: MediaStream; maxWidth: number }[] = [];
  return {
    taken,
    failNext(times = 1) {
      failures += times;
    },
    async take(stream, maxWidth) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('no frame to take');
      }
      taken.push({ stream, maxWidth });
      return new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], { type: 'image/jpeg' });
    },
  };
}
