/**
 * The face checks during 开始答题 in the REST contract, as every target answers them without a face verifier (the
 * reference server's real verifier judges real faces in packages/server/src/face-check.rest.test.ts):
 * POST /me/face-check takes a small JPEG from a candidate answering and answers the interval — 0 here, the checks
 * being off without a verifier — and refuses, changing nothing, before answering, after the finish, and a frame
 * that is not a JPEG or too large. The supervisor part (MSW and the server): the in-memory backend parses no uploads.
 */
import { describe, expect, it } from 'vitest';
import { FACE_CHECK_MAX_BYTES } from '../rest/contract.js';
import { codeOf } from './http.js';
import type { ContractRun } from './rest-contract.suite.js';

const MIN = 60_000;
/** A JPEG's first bytes: a frame by its type; only a verifier would look further. */
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

export function describeFaceCheckContract({ c, nextStart }: ContractRun) {
  describe('the face checks while answering', () => {
    it('takes a frame only from a candidate answering, answers the interval (0: off without a verifier), and raises nothing then', async () => {
      const startsAt = nextStart();
      const { candidates, tokens } = await c.entered(startsAt, 1);
      const token = tokens[0]!;
      const send = (bytes = JPEG, contentType = 'image/jpeg') => c.api('sendFaceCheck', { token, bytes, contentType });
      // Entered, before the start: the questions are not out, nor are the checks.
      expect(codeOf(await send())).toBe('QUESTIONS_NOT_RELEASED');
      await c.setClock(startsAt);
      expect(await send()).toMatchObject({ status: 409, body: { code: 'CONFIRMATIONS_MISSING' } });
      await c.confirmAll(token);
      expect(await send()).toMatchObject({ status: 200, body: { intervalSeconds: 0 } });
      expect(await send(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'image/png')).toMatchObject({ status: 415, body: { code: 'FILE_TYPE_UNSUPPORTED' } });
      expect(await send(new Uint8Array(FACE_CHECK_MAX_BYTES + 1).fill(0xff))).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
      const supervisor = await c.supervisor();
      const incidents = (await c.ok('listIncidents', { token: supervisor, params: { candidateId: candidates[0]!.id } })) as { kind: string }[];
      expect(incidents.filter((incident) => incident.kind.startsWith('face'))).toEqual([]);
      // The interview goes on: still answering.
      expect(((await c.ok('getMe', { token })) as { progress: { finishedAt: number | null } }).progress.finishedAt).toBeNull();
      await c.ok('finish', { token, body: { reason: 'endedEarly' } });
      expect(await send()).toMatchObject({ status: 403, body: { code: 'EXAM_FINISHED' } });
    });

    it('takes no frame from a candidate who has not entered', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1, { policy: { requireEvidence: false } });
      await c.setClock(startsAt - 15 * MIN);
      const token = await c.login(candidates[0]!, 'device-face-check-1');
      expect(await c.api('sendFaceCheck', { token, bytes: JPEG, contentType: 'image/jpeg' })).toMatchObject({ status: 403, body: { code: 'NOT_ENTERED' } });
    });
  });
}
