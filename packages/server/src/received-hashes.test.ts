/** The running SHA-256 of received bytes: hashed as they pass, right after a cut-off write and after a restart. */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer as consume } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { ReceivedHashes } from './received-hashes.js';

const directory = mkdtempSync(join(tmpdir(), 'examroom-hashes-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const pathOf = (id: string) => join(directory, id);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) % 256));

describe('ReceivedHashes', () => {
  it('hashes what passes to the disk, and hashes the disk again only when they differ or after a restart', async () => {
    const hashes = new ReceivedHashes(pathOf);
    writeFileSync(pathOf('rec'), '');
    // A write that reaches the disk in full.
    await consume(await hashes.tee('rec', 0, Readable.from([bytes.subarray(0, 100)])));
    appendFileSync(pathOf('rec'), bytes.subarray(0, 100));
    hashes.settle('rec', 100);
    // The file on disk is changed behind its back: a hash from the running state does not see it (no re-read).
    writeFileSync(pathOf('rec'), Buffer.alloc(100));
    expect(await hashes.sha256('rec', 100)).toBe(sha256(bytes.subarray(0, 100)));
    writeFileSync(pathOf('rec'), bytes.subarray(0, 100));

    // A write cut off: 150 bytes hashed on their way, only 20 of them reached the disk.
    await consume(await hashes.tee('rec', 100, Readable.from([bytes.subarray(100, 250)])));
    appendFileSync(pathOf('rec'), bytes.subarray(100, 120));
    hashes.settle('rec', 120);
    expect(await hashes.sha256('rec', 120)).toBe(sha256(bytes.subarray(0, 120)));

    // After a restart: nothing in memory, the bytes on disk are hashed once and the next write goes on from there.
    const restarted = new ReceivedHashes(pathOf);
    await consume(await restarted.tee('rec', 120, Readable.from([bytes.subarray(120)])));
    appendFileSync(pathOf('rec'), bytes.subarray(120));
    restarted.settle('rec', bytes.length);
    expect(await restarted.sha256('rec', bytes.length)).toBe(sha256(bytes));
  });
});
