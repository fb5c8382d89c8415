/**
 * Sessions that end, across the parts of the contract: every token expires (a candidate's and a phone's at
 * the evidence deadline of their sitting, a supervisor's 12 hours after its last use), logout ends it at once, a
 * finished candidate keeps only what completing the uploads needs, and a pairing code pairs one phone, once — a new
 * phone replaces the one before. Each rule at its boundary on the dev clock.
 */
import { describe, expect, it } from 'vitest';
import { ROUTES_AFTER_FINISH, routes, type RouteName } from '../rest/contract.js';
import type { ContractClient } from './contract-client.js';
import { sampleBytes, sha256Hex, tusUpload } from './http.js';
import type { ContractRun } from './rest-contract.suite.js';
import { validRequest } from './samples.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** A sitting's times stated here, whatever the demo exam's policy: 5 minutes to answer, evidence due 60 minutes later. */
const POLICY = { answerMs: 5 * MIN, evidenceDueAfterEndMs: 60 * MIN, requireEvidence: false };

/** One candidate of a new sitting starting at `startsAt`, logged in and entered (clock at entry time). */
async function enteredCandidate(c: ContractClient, startsAt: number) {
  const { sittingId, candidates } = await c.seed(startsAt, 1, { policy: POLICY });
  await c.setClock(startsAt - 15 * MIN);
  const token = await c.login(candidates[0]!, 'device-ends-1');
  await c.ok('enter', { token });
  return { sittingId, candidate: candidates[0]!, token, evidenceDueAt: startsAt + 65 * MIN };
}

async function pairPhone(c: ContractClient, token: string) {
  const { code } = (await c.ok('createPairing', { token })) as { code: string };
  return { code, phone: ((await c.ok('pairPhone', { body: { code } })) as { token: string }).token };
}

export function describeSessionEndsContract(run: ContractRun) {
  const { c, nextStart } = run;
  describe('sessions that end', () => {
    it('ends a candidate’s token at the evidence deadline of the sitting: SESSION_EXPIRED', async () => {
      const { token, evidenceDueAt } = await enteredCandidate(c, nextStart());
      await c.setClock(evidenceDueAt - 1);
      await c.ok('heartbeat', { token });
      await c.ok('getMe', { token });
      await c.setClock(evidenceDueAt);
      await c.fails('getMe', { token }, 401, 'SESSION_EXPIRED');
      await c.fails('heartbeat', { token }, 401, 'SESSION_EXPIRED');
      await c.fails('logout', { token }, 401, 'SESSION_EXPIRED');
    });

    it('ends a token at logout, at once', async () => {
      const { token } = await enteredCandidate(c, nextStart());
      await c.ok('logout', { token });
      await c.fails('heartbeat', { token }, 401, 'SESSION_REVOKED');
      await c.fails('getMe', { token }, 401, 'SESSION_REVOKED');
    });

    it('leaves a finished candidate only the routes that complete the uploads: every other answers EXAM_FINISHED', async () => {
      const startsAt = nextStart();
      const { token, candidate, sittingId } = await enteredCandidate(c, startsAt);
      await c.setClock(startsAt + MIN);
      const finished = await c.ok('finish', { token, body: { reason: 'endedEarly' } });
      await c.setClock(startsAt + 2 * MIN);
      const world = { sittingId, candidate, pairingCode: 'unused-code-123' };
      const candidateRoutes = (Object.keys(routes) as RouteName[]).filter(
        (route) => Array.isArray(routes[route].auth) && (routes[route].auth as readonly string[]).includes('candidate') && !ROUTES_AFTER_FINISH.includes(route),
      );
      for (const route of candidateRoutes) await c.fails(route, { ...validRequest(route, world), token }, 403, 'EXAM_FINISHED');
      expect(((await c.ok('getMe', { token })) as { progress: unknown }).progress).toEqual(finished);
      await c.ok('heartbeat', { token });
      // A retried finish gets its first answer.
      expect(await c.ok('finish', { token, body: { reason: 'completed' } })).toEqual(finished);
      await c.ok('logout', { token });
    });

    it.runIf(run.implements('recordings'))('uploads and completes after finishing what was recorded before', async () => {
      const startsAt = nextStart();
      const { token } = await enteredCandidate(c, startsAt);
      await c.setClock(startsAt + MIN);
      const camera = (await c.ok('createRecording', { token, body: { kind: 'camera', mimeType: 'video/webm' } })) as { recordingId: string; uploadUrl: string };
      await c.ok('finish', { token, body: { reason: 'completed' } });
      await c.fails('createRecording', { token, body: { kind: 'screen', mimeType: 'video/webm' } }, 403, 'EXAM_FINISHED');
      const bytes = sampleBytes(40_000, 7);
      expect(await tusUpload(run.target(), camera.uploadUrl, token, bytes)).toBe(bytes.length);
      const body = { totalBytes: bytes.length, sha256: await sha256Hex(bytes) };
      expect(await c.ok('completeRecording', { token, params: { recordingId: camera.recordingId }, body })).toMatchObject({ complete: true });
    });

    it.runIf(run.implements('phone'))('pairs one phone per code, once; a newer code revokes the older unused one', async () => {
      const { token } = await enteredCandidate(c, nextStart());
      const older = (await c.ok('createPairing', { token })) as { code: string };
      const newer = (await c.ok('createPairing', { token })) as { code: string };
      await c.fails('pairPhone', { body: { code: older.code } }, 400, 'PAIRING_FAILED');
      await c.ok('pairPhone', { body: { code: newer.code } });
      await c.fails('pairPhone', { body: { code: newer.code } }, 400, 'PAIRING_FAILED');
    });

    it.runIf(run.implements('phone'))('replaces the phone when a new code pairs another: the old token is revoked, the page is told', async () => {
      const startsAt = nextStart();
      const { token, evidenceDueAt } = await enteredCandidate(c, startsAt);
      const first = await pairPhone(c, token);
      await c.ok('setEvidenceStatus', { token: first.phone, body: { state: 'recording' } });
      // Asking for a new code (a reload of the page) leaves the recording phone alone.
      const { code } = (await c.ok('createPairing', { token })) as { code: string };
      await c.ok('heartbeat', { token: first.phone });
      expect(await c.ok('getEvidenceStatus', { token })).not.toHaveProperty('phoneReplacedAt');
      await c.setClock(startsAt - 14 * MIN);
      const second = ((await c.ok('pairPhone', { body: { code } })) as { token: string }).token;
      await c.fails('heartbeat', { token: first.phone }, 401, 'SESSION_REVOKED');
      await c.fails('setEvidenceStatus', { token: first.phone, body: { state: 'stopped' } }, 401, 'SESSION_REVOKED');
      expect(await c.ok('getEvidenceStatus', { token })).toEqual({
        state: 'phoneConnected',
        updatedAt: startsAt - 14 * MIN,
        phoneReplacedAt: startsAt - 14 * MIN,
        phoneSeenAt: startsAt - 14 * MIN,
      });
      await c.ok('setEvidenceStatus', { token: second, body: { state: 'recording' } });
      // The phone's token ends with the candidate's, at the evidence deadline.
      await c.setClock(evidenceDueAt - 1);
      await c.ok('heartbeat', { token: second });
      await c.setClock(evidenceDueAt);
      await c.fails('heartbeat', { token: second }, 401, 'SESSION_EXPIRED');
    });

    it.runIf(run.implements('supervisor'))('ends a supervisor’s token 12 hours after its last use, sliding', async () => {
      const at = nextStart();
      await c.setClock(at);
      const token = await c.supervisor();
      await c.setClock(at + 12 * HOUR - 1);
      await c.ok('listSittings', { token });
      await c.setClock(at + 24 * HOUR - 2);
      await c.ok('heartbeat', { token });
      await c.setClock(at + 36 * HOUR - 2);
      await c.fails('listSittings', { token }, 401, 'SESSION_EXPIRED');
    });
  });
}
