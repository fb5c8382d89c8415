/**
 * The phone's part of the REST contract suite: pairing by code and the evidence status it reports (R9, R10) — codes
 * typed in any form and guesses counted per address, the upload's figures (bytesReceived, bytesExpected, phoneSeenAt),
 * and the phone's incidents for the supervisor (evidenceStopped, evidenceSilent), each at its time boundary.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, PHONE_SILENT_AFTER_MS, recordingByteQuota } from '@examroom/core';
import { sampleBytes, tusUpload } from './http.js';
import type { ContractRun } from './rest-contract.suite.js';

const MIN = 60_000;
/** Failed pairings one address may make per window before it must wait (the domain's ATTEMPT_LIMITS.perAddress). */
const PAIRING_FAILURES_PER_ADDRESS = 30;
const PAIRING_WINDOW_MS = 15 * MIN;

type Status = { state: string; updatedAt: number; bytesReceived?: number; bytesExpected?: number; phoneSeenAt?: number };
type Incident = { kind: string; at: number };

export function describePhoneContract(run: ContractRun) {
  const { c, nextStart } = run;
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

    it('shows the code to be typed as ABCD-EFGH in its QR link, and pairs it typed in any case, with spaces or without the dash (R9)', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 3);
      await c.setClock(startsAt - 20 * MIN);
      const typings = [(code: string) => code.toLowerCase(), (code: string) => ` ${code.replace('-', ' ')} `, (code: string) => code.replace('-', '')];
      for (const [i, typed] of typings.entries()) {
        const token = await c.login(candidates[i]!, `device-typed-${i}`);
        const pairing = (await c.ok('createPairing', { token })) as { code: string; url: string };
        expect(pairing.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}$/);
        expect(pairing.url).toMatch(new RegExp(`/phone#code=${pairing.code}$`));
        expect(((await c.ok('pairPhone', { body: { code: typed(pairing.code) } })) as { role: string }).role).toBe('phone');
      }
    });

    it('counts failed pairings per address: past the limit even the right code waits until the window has passed (R9)', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1);
      const failedAt = startsAt - 20 * MIN;
      await c.setClock(failedAt);
      const token = await c.login(candidates[0]!, 'device-guessed');
      const { code } = (await c.ok('createPairing', { token })) as { code: string };
      for (let i = 0; i < PAIRING_FAILURES_PER_ADDRESS; i++) await c.fails('pairPhone', { body: { code: 'ZZZZ-ZZZZ' } }, 400, 'PAIRING_FAILED');
      const refused = await c.fails('pairPhone', { body: { code } }, 429, 'TOO_MANY_ATTEMPTS');
      expect(refused.retryAfterSeconds).toBe(PAIRING_WINDOW_MS / 1000);
      // The code lives 10 minutes, the guesses are counted for 15: a new code once the window has passed.
      await c.setClock(failedAt + PAIRING_WINDOW_MS - 1);
      await c.fails('pairPhone', { body: { code } }, 429, 'TOO_MANY_ATTEMPTS');
      await c.setClock(failedAt + PAIRING_WINDOW_MS);
      const fresh = (await c.ok('createPairing', { token })) as { code: string };
      await c.ok('pairPhone', { body: { code: fresh.code } });
    });

    it('tells when the phone was last heard from: every request of the phone, the heartbeat too (R10)', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1);
      await c.setClock(startsAt - 20 * MIN);
      const token = await c.login(candidates[0]!);
      expect(await c.ok('getEvidenceStatus', { token })).not.toHaveProperty('phoneSeenAt');
      const phone = await c.phoneRecording(token);
      expect(((await c.ok('getEvidenceStatus', { token })) as Status).phoneSeenAt).toBe(startsAt - 20 * MIN);
      await c.setClock(startsAt - 19 * MIN);
      await c.ok('heartbeat', { token: phone });
      expect(((await c.ok('getEvidenceStatus', { token })) as Status).phoneSeenAt).toBe(startsAt - 19 * MIN);
      // The candidate's own requests are not the phone's.
      await c.setClock(startsAt - 18 * MIN);
      await c.ok('heartbeat', { token });
      expect(((await c.ok('getEvidenceStatus', { token })) as Status).phoneSeenAt).toBe(startsAt - 19 * MIN);
    });

    it.runIf(run.implements('recordings'))('tells the evidence bytes received over every part, and the whole once the phone stopped with what it holds (R10, R30)', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1);
      const createdAt = startsAt - 20 * MIN;
      await c.setClock(createdAt);
      const token = await c.login(candidates[0]!);
      const phone = await c.phoneRecording(token);
      expect(await c.ok('getEvidenceStatus', { token })).not.toHaveProperty('bytesReceived');
      const part = (await c.ok('createEvidenceRecording', { token: phone, body: { mimeType: 'video/webm' } })) as { recordingId: string; uploadUrl: string };
      await tusUpload(run.target(), part.uploadUrl, phone, sampleBytes(6_000, 21), { declareLength: false });
      expect(await c.ok('getEvidenceStatus', { token })).toMatchObject({ state: 'recording', bytesReceived: 6_000 });
      expect(await c.ok('getEvidenceStatus', { token })).not.toHaveProperty('bytesExpected');

      // bytesPending comes with `stopped` only, and is no more than the open part may still take: its quota less what arrived.
      await c.fails('setEvidenceStatus', { token: phone, body: { state: 'recording', bytesPending: 0 } }, 400, 'VALIDATION_FAILED');
      await c.fails('setEvidenceStatus', { token: phone, body: { state: 'stopped', bytesPending: -1 } }, 400, 'VALIDATION_FAILED');
      await c.setClock(createdAt + MIN);
      const room = recordingByteQuota(MIN, DEFAULT_POLICY.maxBitrateBps) - 6_000;
      await c.fails('setEvidenceStatus', { token: phone, body: { state: 'stopped', bytesPending: room + 1 } }, 400, 'VALIDATION_FAILED');
      expect(await c.ok('getEvidenceStatus', { token })).toMatchObject({ state: 'recording' });
      expect(await c.ok('setEvidenceStatus', { token: phone, body: { state: 'stopped', bytesPending: 4_000 } })).toMatchObject({
        state: 'stopped',
        bytesReceived: 6_000,
        bytesExpected: 10_000,
      });
      expect(await c.ok('getEvidenceStatus', { token })).toMatchObject({ bytesReceived: 6_000, bytesExpected: 10_000, phoneSeenAt: createdAt + MIN });
    });

    it.runIf(run.implements('supervisor'))('raises evidenceStopped for the supervisor when the phone stops before the interview’s end, not at it (R10)', async () => {
      const startsAt = nextStart();
      const deadline = startsAt + DEFAULT_POLICY.answerMs;
      const { candidates, phones } = await c.entered(startsAt, 2);
      const supervisor = await c.supervisor();
      const stopsOf = async (i: number) =>
        ((await c.ok('listIncidents', { token: supervisor, params: { candidateId: candidates[i]!.id } })) as Incident[]).filter((incident) => incident.kind === 'evidenceStopped');
      await c.setClock(deadline - 1);
      await c.ok('setEvidenceStatus', { token: phones[0]!, body: { state: 'stopped' } });
      expect(await stopsOf(0)).toMatchObject([{ kind: 'evidenceStopped', at: deadline - 1 }]);
      // A repeated report is no second stop.
      await c.ok('setEvidenceStatus', { token: phones[0]!, body: { state: 'stopped' } });
      expect(await stopsOf(0)).toHaveLength(1);
      await c.setClock(deadline);
      await c.ok('setEvidenceStatus', { token: phones[1]!, body: { state: 'stopped' } });
      expect(await stopsOf(1)).toEqual([]);
    });

    it.runIf(run.implements('supervisor'))('raises evidenceSilent once per silence of a recording phone during the interview, from PHONE_SILENT_AFTER_MS on (R10)', async () => {
      const startsAt = nextStart();
      const { candidates, tokens, phones } = await c.entered(startsAt, 1);
      const enteredAt = startsAt - 15 * MIN;
      const supervisor = await c.supervisor();
      const silences = async () =>
        ((await c.ok('listIncidents', { token: supervisor, params: { candidateId: candidates[0]!.id } })) as Incident[]).filter((incident) => incident.kind === 'evidenceSilent');
      await c.ok('heartbeat', { token: phones[0]! });
      await c.setClock(enteredAt + PHONE_SILENT_AFTER_MS - 1);
      expect(await silences()).toEqual([]);
      await c.setClock(enteredAt + PHONE_SILENT_AFTER_MS);
      expect(await silences()).toMatchObject([{ kind: 'evidenceSilent', at: enteredAt + PHONE_SILENT_AFTER_MS }]);
      await c.setClock(enteredAt + 5 * MIN);
      expect(await silences()).toHaveLength(1);
      // Heard again: the page sees it, and a new silence is a new incident.
      await c.ok('heartbeat', { token: phones[0]! });
      expect(await c.ok('getEvidenceStatus', { token: tokens[0]! })).toMatchObject({ state: 'recording', phoneSeenAt: enteredAt + 5 * MIN });
      await c.setClock(enteredAt + 5 * MIN + PHONE_SILENT_AFTER_MS - 1);
      expect(await silences()).toHaveLength(1);
      await c.setClock(enteredAt + 5 * MIN + PHONE_SILENT_AFTER_MS);
      expect(await silences()).toMatchObject([{ at: enteredAt + PHONE_SILENT_AFTER_MS }, { at: enteredAt + 5 * MIN + PHONE_SILENT_AFTER_MS }]);
    });

    it.runIf(run.implements('supervisor'))('raises no evidenceSilent for a phone that is not recording, nor for a candidate not in the interview (R10)', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 2);
      await c.setClock(startsAt - 20 * MIN);
      const notEntered = await c.login(candidates[0]!, 'device-silent-0');
      await c.phoneRecording(notEntered);
      const connected = await c.login(candidates[1]!, 'device-silent-1');
      const { code } = (await c.ok('createPairing', { token: connected })) as { code: string };
      await c.ok('pairPhone', { body: { code } });
      await c.setClock(startsAt + 3 * MIN);
      const supervisor = await c.supervisor();
      for (const candidate of candidates) expect(await c.ok('listIncidents', { token: supervisor, params: { candidateId: candidate.id } })).toEqual([]);
    });
  });
}
