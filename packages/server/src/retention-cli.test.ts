/**
 * `examroom-server retention run`: on a data directory the real server filled (recordings finalised and left
 * half-uploaded, help messages, a verdict, the audit log), run as of 200 days later. The dry run deletes nothing; the
 * built command deletes the old exam's files and personal data and records it, keeps the newer exam, leaves counts an
 * export still shows; a second run deletes nothing more.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDirRecordingFiles, runRetentionCommand } from './retention-cli.js';
import { idNumberKey } from './id-number-key.js';
import { createNodeCrypto } from './node-crypto.js';
import { createSqliteRepository } from './sqlite-repository.js';
import { api, enter, login, removeTempDirs, seedExam, startServer, supervisorToken, type SeededExam, type TestServer } from './test-support/server.js';

/** The server's database as the server opens it: with the data directory's key for 身份证号 hashes. */
const openDatabase = () => createSqliteRepository(join(dataDir, 'examroom.sqlite'), createNodeCrypto({ idNumberKey: idNumberKey(dataDir, undefined) }));

const DAY = 86_400_000;

let dataDir: string;
let oldExam: SeededExam;
let newExam: SeededExam;
/** The recordings of each exam: complete ones and a part left half-uploaded (tus leftovers only). */
const recordings = { old: [] as string[], new: [] as string[] };
/** The instant the runs are made at: 200 days after the old exam. */
let runAt: number;

async function upload(server: TestServer, token: string, kind: 'camera' | 'screen', complete: boolean): Promise<string> {
  const bytes = randomBytes(30_000);
  const created = await api<{ recordingId: string; uploadUrl: string }>(server, 'POST', '/me/recordings', { token, body: { kind, mimeType: 'video/webm' } });
  expect(created.status).toBe(201);
  const patch = await fetch(created.body.uploadUrl, {
    method: 'PATCH',
    headers: { 'Tus-Resumable': '1.0.0', authorization: `Bearer ${token}`, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: new Uint8Array(complete ? bytes : bytes.subarray(0, 10_000)),
  });
  expect(patch.status).toBe(204);
  if (complete) {
    const done = await api(server, 'POST', `/recordings/${created.body.recordingId}/complete`, { token, body: { totalBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  }
  return created.body.recordingId;
}

/** The files under recordings/ and uploads/ of a recording. */
const filesOf = (id: string) => dataDirRecordingFiles(dataDir).filesOf({ id } as never);

function runBuilt(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [new URL('../dist/main.js', import.meta.url).pathname, ...args], {
    env: { ...process.env, EXAMROOM_DATA_DIR: dataDir, EXAMROOM_DEMO: '', EXAMROOM_RETENTION_DAYS: '180' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const io = (out: string[], env: NodeJS.ProcessEnv = {}) => ({ dataDir, env, out: (text: string) => void out.push(text), err: (text: string) => void out.push(text) });

beforeAll(async () => {
  const server = await startServer({ demo: false });
  dataDir = server.dataDir;
  oldExam = await seedExam(server, 2);
  const token = await login(server, oldExam, 0);
  await enter(server, token);
  recordings.old.push(await upload(server, token, 'camera', true), await upload(server, token, 'screen', false));
  expect((await api(server, 'POST', '/me/help', { token, body: { id: 'help-1', text: '我叫张三，摄像头打不开' } })).status).toBe(201);
  const supervisor = await supervisorToken(server, [oldExam.examId]);
  const candidateId = oldExam.candidates[0]!.id;
  expect((await api(server, 'POST', `/supervisor/candidates/${candidateId}/help`, { token: supervisor, body: { id: 'reply-1', text: '张三同学请刷新页面' } })).status).toBe(201);
  expect((await api(server, 'PUT', `/supervisor/candidates/${candidateId}/verdict`, { token: supervisor, body: { verdict: 'doubtful', comment: '张三背后有人' } })).status).toBe(200);

  // A month later on the server's clock, a second exam.
  const { clock } = server.app.examroom;
  const oldNow = clock.now();
  expect((await api(server, 'POST', '/dev/clock', { body: { now: oldNow + 30 * DAY } })).status).toBe(200);
  newExam = await seedExam(server, 1);
  const newToken = await login(server, newExam, 0);
  await enter(server, newToken);
  recordings.new.push(await upload(server, newToken, 'camera', true));
  runAt = oldNow + 200 * DAY;
  // Both exams' first candidates have an enrolled face (face login's descriptor of their photo).
  for (const c of [oldExam.candidates[0]!, newExam.candidates[0]!]) {
    await server.app.examroom.repo.putFaceDescriptor({ candidateId: c.id, photoFile: `${c.id}.jpg`, descriptor: [0.5, 0.25], createdAt: oldNow });
  }
  await server.close();
});

afterAll(removeTempDirs);

describe('examroom-server retention run', () => {
  it('refuses unknown arguments and a bad period, changing nothing', async () => {
    const out: string[] = [];
    expect(await runRetentionCommand(['purge'], io(out))).toBe(2);
    expect(await runRetentionCommand(['run', '--days', '0'], io(out))).toBe(2);
    expect(await runRetentionCommand(['run', '--now', 'yesterday'], io(out))).toBe(2);
    expect(await runRetentionCommand(['run'], io(out, { EXAMROOM_RETENTION_DAYS: 'half a year' }))).toBe(2);
    expect(out.join('')).toContain('EXAMROOM_RETENTION_DAYS must be a whole number of days');
    for (const id of [...recordings.old, ...recordings.new]) expect(filesOf(id).length, id).toBeGreaterThan(0);
  });

  it('with --dry-run, says what it would delete and deletes nothing', async () => {
    const out: string[] = [];
    expect(await runRetentionCommand(['run', '--dry-run', '--now', String(runAt)], io(out))).toBe(0);
    const text = out.join('');
    expect(text).toContain('Dry run: nothing is deleted.');
    expect(text).toMatch(new RegExp(`\\(${oldExam.examId}\\), ended .*: would delete the personal data of 2 candidate\\(s\\) and \\d+ file\\(s\\) of 2 recording part\\(s\\)`));
    expect(text).toMatch(new RegExp(`\\(${newExam.examId}\\) kept: due from `));
    for (const id of recordings.old) expect(filesOf(id).length, id).toBeGreaterThan(0);
    const repo = openDatabase();
    try {
      expect((await repo.getCandidate(oldExam.candidates[0]!.id))!.name).toBe('Candidate 1');
      expect(await repo.listAudit({ action: 'exam.retention', limit: 10 })).toEqual([]);
    } finally {
      repo.close();
    }
  });

  it('deletes the old exam’s recordings and personal data, keeps the counts and the newer exam, and records it', async () => {
    const finalFile = join(dataDir, 'recordings', `${recordings.old[0]}.webm`);
    expect(existsSync(finalFile)).toBe(true);
    const run = await runBuilt(['retention', 'run', '--now', new Date(runAt).toISOString()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`\\(${oldExam.examId}\\), ended .*: deleted the personal data of 2 candidate\\(s\\) and \\d+ file\\(s\\) of 2 recording part\\(s\\)`));

    // The files: final, received copy, tus's upload and .json, of the complete part and the half-uploaded one.
    for (const id of recordings.old) expect(filesOf(id), id).toEqual([]);
    expect(existsSync(finalFile)).toBe(false);
    for (const id of recordings.new) expect(filesOf(id).length, id).toBeGreaterThan(0);
    const leftNames = [...readdirSync(join(dataDir, 'recordings')), ...readdirSync(join(dataDir, 'uploads'))];
    expect(leftNames.filter((name) => recordings.old.some((id) => name.startsWith(id)))).toEqual([]);

    const repo = openDatabase();
    try {
      const [first, second] = await Promise.all(oldExam.candidates.map(async (c) => (await repo.getCandidate(c.id))!));
      // Personal data gone; what happened stays (entered, stage, lot), so counts stay.
      expect(first).toMatchObject({ name: '（已删除）', idNumberHash: `erased:${first!.id}`, idNumberMasked: '', admissionNumber: '', passwordHash: '' });
      expect(first!.enteredAt).not.toBeNull();
      expect(second).toMatchObject({ name: '（已删除）', enteredAt: null });
      expect((await repo.listHelpMessages(first!.id)).map((m) => m.text)).toEqual(['（已删除）', '（已删除）']);
      expect((await repo.listVerdicts(first!.id)).map((v) => [v.verdict, v.comment])).toEqual([['doubtful', '']]);
      expect(await repo.listRecordings(first!.id)).toHaveLength(2);
      // The enrolled face goes with the name.
      expect(await repo.getFaceDescriptor(first!.id)).toBeUndefined();
      // The newer exam's candidate keeps everything.
      expect((await repo.getCandidate(newExam.candidates[0]!.id))!.name).toBe('Candidate 1');
      expect(await repo.getFaceDescriptor(newExam.candidates[0]!.id)).toBeDefined();

      // No text of theirs left in the audit log; the retention itself recorded, as the command.
      const audit = await repo.listAudit({ limit: 200 });
      expect(JSON.stringify(audit)).not.toContain('张三');
      const retention = audit.filter((a) => a.action === 'exam.retention');
      expect(retention).toHaveLength(1);
      expect(retention[0]).toMatchObject({ actorId: 'retention', actorName: 'examroom-server retention', targetType: 'exam', targetId: oldExam.examId, at: runAt });
      expect(retention[0]!.detail).toMatchObject({ via: 'command line', retentionDays: 180, candidates: 2, recordings: 2 });
    } finally {
      repo.close();
    }

    // An export of the old exam still counts who attended, and the verdicts; its recordings' files are gone.
    const server = await startServer({ dataDir, demo: false });
    try {
      await api(server, 'POST', '/dev/clock', { body: { now: runAt } });
      expect((await api(server, 'POST', '/dev/administrators', { body: { username: 'auditor', password: 'auditor-password' } })).status).toBe(201);
      const admin = (await api<{ token: string }>(server, 'POST', '/admin/login', { body: { username: 'auditor', password: 'auditor-password' } })).body.token;
      const results = await api<{ rows: { name: string; idNumberMasked: string; attended: boolean; verdict: { verdict: string } | null; recordings: { url: string | null }[] }[] }>(
        server,
        'GET',
        `/admin/sittings/${oldExam.sittingId}/results`,
        { token: admin },
      );
      expect(results.status).toBe(200);
      expect(results.body.rows.map((r) => [r.name, r.idNumberMasked, r.attended, r.verdict?.verdict ?? null])).toEqual(
        expect.arrayContaining([
          ['（已删除）', '', true, 'doubtful'],
          ['（已删除）', '', false, null],
        ]),
      );
      const url = results.body.rows.flatMap((r) => r.recordings).find((r) => r.url !== null)!.url!;
      const file = await fetch(`${server.baseUrl}${url}`, { headers: { authorization: `Bearer ${admin}` } });
      expect(file.status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('deletes nothing more when run again, and records nothing', async () => {
    const out: string[] = [];
    expect(await runRetentionCommand(['run', '--now', String(runAt + DAY)], io(out, { EXAMROOM_RETENTION_DAYS: '180' }))).toBe(0);
    expect(out.join('')).toContain(`(${oldExam.examId}), ended`);
    expect(out.join('')).toContain('nothing left to delete (done by an earlier run)');
    const repo = openDatabase();
    try {
      expect(await repo.listAudit({ action: 'exam.retention', limit: 10 })).toHaveLength(1);
    } finally {
      repo.close();
    }
  });
});
