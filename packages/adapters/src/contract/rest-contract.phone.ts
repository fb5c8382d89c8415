/** The phone's part of the REST contract suite: pairing by code and the evidence status it reports (R9, R10). */
import { describe, expect, it } from 'vitest';
import type { ContractRun } from './rest-contract.suite.js';

const MIN = 60_000;

export function describePhoneContract({ c, nextStart }: ContractRun) {
  describe('phone', () => {
    it('pairs the phone by code and reports its evidence status to the candidate (R9)', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1);
      await c.setClock(startsAt - 20 * MIN);
      const token = await c.login(candidates[0]!);
      const pairing = (await c.ok('createPairing', { token })) as { code: string };
      await c.fails('pairPhone', { body: { code: 'not-a-real-code' } }, 400, 'PAIRING_FAILED');
      const phone = (await c.ok('pairPhone', { body: { code: pairing.code } })) as { token: string; role: string };
      expect(phone.role).toBe('phone');
      await c.ok('setEvidenceStatus', { token: phone.token, body: { state: 'phoneConnected' } });
      await c.ok('setEvidenceStatus', { token: phone.token, body: { state: 'recording' } });
      expect(await c.ok('getEvidenceStatus', { token })).toMatchObject({ state: 'recording' });
      await c.fails('setEvidenceStatus', { token: phone.token, body: { state: 'phoneConnected' } }, 409, 'STAGE_OUT_OF_ORDER');
      await c.ok('createEvidenceRecording', { token: phone.token, body: { mimeType: 'video/mp4' } });
    });

    it('refuses "uploaded" from a phone whose evidence recording has not completed (R30)', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1);
      await c.setClock(startsAt - 20 * MIN);
      const token = await c.login(candidates[0]!);
      const phone = await c.phoneRecording(token);
      await c.fails('setEvidenceStatus', { token: phone, body: { state: 'uploaded' } }, 409, 'EVIDENCE_NOT_UPLOADED');
      await c.ok('setEvidenceStatus', { token: phone, body: { state: 'stopped' } });
      await c.ok('createEvidenceRecording', { token: phone, body: { mimeType: 'video/mp4' } });
      await c.fails('setEvidenceStatus', { token: phone, body: { state: 'uploaded' } }, 409, 'EVIDENCE_NOT_UPLOADED');
      expect(await c.ok('getEvidenceStatus', { token })).toMatchObject({ state: 'stopped' });
    });
  });
}
