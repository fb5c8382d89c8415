/**
 * 人脸登录's part of the REST contract suite, as every target answers it without a face verifier (the reference
 * server's real verifier is tested on real faces in packages/server/src/face-login.rest.test.ts): the liveness
 * challenge and the new login body answer FACE_LOGIN_UNAVAILABLE, and the administrator's photo for one candidate is
 * checked (NOT_FOUND, FILE_UNREADABLE) and, where the target keeps photos, stored.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_EXAM } from './contract-client.js';
import type { ContractRun } from './rest-contract.suite.js';

const MIN = 60_000;
/** A PNG's signature and nothing else: a photo by its first bytes, too short to be described. */
const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function describeFaceContract({ c, nextStart, implements: has }: ContractRun) {
  describe('face login without a verifier', () => {
    it('answers the challenge and the login FACE_LOGIN_UNAVAILABLE, and an unknown exam EXAM_NOT_FOUND', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1);
      await c.setClock(startsAt - 20 * MIN);
      await c.fails('faceChallenge', { body: { examId: DEMO_EXAM } }, 503, 'FACE_LOGIN_UNAVAILABLE');
      await c.fails('faceChallenge', { body: { examId: 'exam_unknown' } }, 404, 'EXAM_NOT_FOUND');
      const body = { examId: DEMO_EXAM, deviceKey: 'device-face-1', idNumber: candidates[0]!.idNumber, challengeId: 'fch_unknown', frames: ['aGVsbG8=', 'aGVsbG8='] };
      await c.fails('loginWithFace', { body }, 503, 'FACE_LOGIN_UNAVAILABLE');
      await c.fails('loginWithFace', { body: { ...body, frames: ['aGVsbG8='] } }, 400, 'VALIDATION_FAILED');
    });

    it('takes an administrator’s photo for one candidate: NOT_FOUND, FILE_UNREADABLE, FILE_TYPE_UNSUPPORTED; stored where the target keeps photos', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1);
      await c.setClock(startsAt - 60 * MIN);
      const { token } = await c.administrator();
      const candidateId = candidates[0]!.id;
      const photo = (id: string, bytes: Uint8Array, contentType = 'image/png') => c.api('adminUploadCandidatePhoto', { token, params: { candidateId: id }, bytes, contentType });
      expect(await photo('cand_unknown', PNG_SIGNATURE)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
      expect((await photo(candidateId, PNG_SIGNATURE, 'application/zip')).status).toBe(415);
      const stored = await photo(candidateId, PNG_SIGNATURE);
      // The photos live in the reference server's data directory (as the zip import's); the MSW handlers keep none.
      if (has('exportFiles')) {
        expect(stored).toMatchObject({ status: 200, body: { id: candidateId, photo: true } });
        expect(await photo(candidateId, new TextEncoder().encode('not a picture'))).toMatchObject({ status: 400, body: { code: 'FILE_UNREADABLE' } });
      } else expect(stored).toMatchObject({ status: 415, body: { code: 'FILE_TYPE_UNSUPPORTED' } });
    });
  });
}
