/**
 * The suite every UploadTransport must pass (the in-memory fake, tus against the real server). It checks what the
 * upload queue relies on: offsets are the server's, data is taken only at the server's offset, and finishing
 * declares the length. Not exported from the package (it imports vitest, and the build excludes it): tests import
 * it by path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import type { UploadTransport } from '../ports/upload-transport.port.js';
import { sha256Hex } from '../streams/sha256.js';

export interface UploadTransportTarget {
  readonly transport: UploadTransport;
  /** Creates an empty upload with deferred length, as the API does for a new recording, and returns its URL. */
  newUpload(): Promise<string>;
  /** Every byte the server holds for an upload. */
  bytesOf(uploadUrl: string): Promise<Uint8Array>;
  cleanup?(): Promise<void>;
}

function randomBytes(size: number, seed: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let state = seed;
  for (let i = 0; i < size; i++) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

const blobOf = (bytes: Uint8Array<ArrayBuffer>): Blob => new Blob([bytes]);

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** `make` is called once for the suite (a server may be expensive to start); each test makes its own uploads. */
export function describeUploadTransportContract(name: string, make: () => Promise<UploadTransportTarget>): void {
  describe(`UploadTransport contract: ${name}`, () => {
    let target: UploadTransportTarget;

    beforeAll(async () => {
      target = await make();
    }, 60_000);
    afterAll(async () => {
      await target?.cleanup?.();
    }, 60_000);

    it('reports offset 0 for a new upload', async () => {
      const session = await target.transport.open(await target.newUpload());
      expect(await session.offset()).toBe(0);
    });

    it('appends at the offset and answers the new offset, which offset() then reports', async () => {
      const url = await target.newUpload();
      const session = await target.transport.open(url);
      const first = randomBytes(1_000, 1);
      const second = randomBytes(70_000, 2);
      expect(await session.append(blobOf(first), 0)).toBe(1_000);
      expect(await session.offset()).toBe(1_000);
      expect(await session.append(blobOf(second), 1_000)).toBe(71_000);
      expect(await session.offset()).toBe(71_000);
      expect(await target.bytesOf(url)).toEqual(new Uint8Array([...first, ...second]));
    });

    it('sends a slice of a blob as just those bytes', async () => {
      const url = await target.newUpload();
      const session = await target.transport.open(url);
      const bytes = randomBytes(5_000, 3);
      expect(await session.append(blobOf(bytes).slice(2_000), 0)).toBe(3_000);
      expect(await target.bytesOf(url)).toEqual(bytes.slice(2_000));
    });

    it('rejects UPLOAD_FAILED for data at a wrong offset, and changes nothing', async () => {
      const url = await target.newUpload();
      const session = await target.transport.open(url);
      const bytes = randomBytes(2_000, 4);
      await session.append(blobOf(bytes), 0);

      for (const wrong of [0, 1_000, 3_000]) {
        expect(await rejectionOf(session.append(blobOf(randomBytes(500, wrong)), wrong))).toMatchObject({
          code: ErrorCode.UPLOAD_FAILED,
        });
      }
      expect(await session.offset()).toBe(2_000);
      expect(await target.bytesOf(url)).toEqual(bytes);
    });

    it('after a failure, reports the server’s offset, also to a session opened again (after a reload)', async () => {
      const url = await target.newUpload();
      const before = await target.transport.open(url);
      const bytes = randomBytes(3_000, 5);
      await before.append(blobOf(bytes.slice(0, 1_200)), 0);

      // A second page knows nothing of what the first one sent: its guess fails, and the server tells it.
      const after = await target.transport.open(url);
      expect(await rejectionOf(after.append(blobOf(bytes), 0))).toMatchObject({ code: ErrorCode.UPLOAD_FAILED });
      const offset = await after.offset();
      expect(offset).toBe(1_200);
      expect(await after.append(blobOf(bytes.slice(offset)), offset)).toBe(3_000);
      expect(await target.bytesOf(url)).toEqual(bytes);
    });

    it('finishes: declares the length, and the server holds every byte appended', async () => {
      const url = await target.newUpload();
      const session = await target.transport.open(url);
      const parts = [randomBytes(4_000, 6), randomBytes(1, 7), randomBytes(9_000, 8)];
      let offset = 0;
      for (const part of parts) offset = await session.append(blobOf(part), offset);
      const all = new Uint8Array(parts.flatMap((part) => [...part]));
      await session.finish(all.length, await sha256Hex(all));
      expect(await target.bytesOf(url)).toEqual(all);
    });

    it('finishes again with the same declaration (a retry after a lost response)', async () => {
      const url = await target.newUpload();
      const session = await target.transport.open(url);
      const bytes = randomBytes(2_500, 9);
      await session.append(blobOf(bytes), 0);
      const sha256 = await sha256Hex(bytes);
      await session.finish(bytes.length, sha256);
      await (await target.transport.open(url)).finish(bytes.length, sha256);
      expect(await target.bytesOf(url)).toEqual(bytes);
    });

    it('refuses to finish with a length the server does not hold', async () => {
      const url = await target.newUpload();
      const session = await target.transport.open(url);
      const bytes = randomBytes(1_500, 10);
      await session.append(blobOf(bytes), 0);
      expect(await rejectionOf(session.finish(bytes.length + 10, await sha256Hex(bytes)))).toMatchObject({
        code: ErrorCode.UPLOAD_FAILED,
      });
      // Nothing was declared: the rest can still come, and the upload finish.
      const rest = randomBytes(10, 11);
      expect(await session.append(blobOf(rest), bytes.length)).toBe(bytes.length + 10);
      const all = new Uint8Array([...bytes, ...rest]);
      await session.finish(all.length, await sha256Hex(all));
      expect(await target.bytesOf(url)).toEqual(all);
    });
  });
}
