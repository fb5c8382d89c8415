/**
 * The SHA-256 of every upload's received bytes, computed as they arrive: each PATCH's body is hashed on its way to
 * the file store, so completing a recording compares the client's declared SHA-256 without reading the file again.
 *
 * Only bytes that reached the disk count. After every write the store's offset is compared with the bytes hashed;
 * when they differ (a write cut off between the hash and the disk) or when no state is known (after a server
 * restart), the bytes on disk are hashed once, and hashing goes on from there. The same holds with several servers
 * sharing the uploads' directory: a server whose hash stops at an offset another server's PATCHes have since passed
 * finds the offset changed, and hashes the file on disk instead of vouching for bytes it never saw.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, pipeline, type Readable } from 'node:stream';

interface HashState {
  readonly hash: Hash;
  /** Bytes hashed so far: the upload's offset when the state is right. */
  bytes: number;
}

export class ReceivedHashes {
  readonly #states = new Map<string, HashState>();

  constructor(private readonly pathOf: (id: string) => string) {}

  /**
   * The PATCH's body, hashed as it passes, for an upload that is at `offset` on disk. Call `settle` with the offset
   * after the write (also a failed one).
   */
  async tee(id: string, offset: number, body: Readable): Promise<Readable> {
    const state = await this.#stateAt(id, offset);
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        state.hash.update(chunk);
        state.bytes += chunk.length;
        callback(null, chunk);
      },
    });
    // A request that breaks off fails the hashing stream too, so the store's write ends as it would have.
    pipeline(body, hashing, () => undefined);
    return hashing;
  }

  /** After a write: the state stays only if it hashed exactly the bytes now on disk. */
  settle(id: string, offsetOnDisk: number): void {
    if (this.#states.get(id)?.bytes !== offsetOnDisk) this.#states.delete(id);
  }

  /** Lower-case hex SHA-256 of the upload's first `offset` bytes (the whole upload at completion). */
  async sha256(id: string, offset: number): Promise<string> {
    const state = await this.#stateAt(id, offset);
    return state.hash.copy().digest('hex');
  }

  /** Nothing more arrives for this upload (completed). */
  forget(id: string): void {
    this.#states.delete(id);
  }

  async #stateAt(id: string, offset: number): Promise<HashState> {
    const known = this.#states.get(id);
    if (known?.bytes === offset) return known;
    const state: HashState = { hash: createHash('sha256'), bytes: 0 };
    if (offset > 0) {
      for await (const chunk of createReadStream(this.pathOf(id), { end: offset - 1, highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
        state.hash.update(chunk);
        state.bytes += chunk.length;
      }
      if (state.bytes !== offset) throw new Error(`upload ${id} has ${state.bytes} bytes on disk, not ${offset}`);
    }
    this.#states.set(id, state);
    return state;
  }
}
