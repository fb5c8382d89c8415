/**
 * Upload health in the REST contract suite: the heartbeat's report of bytes recorded, sampled at most once per
 * UPLOAD_SAMPLE_MIN_GAP_MS of server time per candidate and kind against the bytes the server received, and the
 * supervisor's reads of it (a candidate's series, a sitting's totals, CandidateStatus.upload). Needs the supervisor
 * and recordings parts (tus uploads).
 */
import { describe, expect, it } from 'vitest';
import { UPLOAD_LAG_BYTES, UPLOAD_SAMPLE_MIN_GAP_MS } from '@examroom/core';
import { sampleBytes, tusUpload } from './http.js';
import type { ContractRun } from './rest-contract.suite.js';

type Target = { recordingId: string; uploadUrl: string };
type Point = { at: number; recorded: number; acknowledged: number; lagSince?: number };
type Series = Record<'camera' | 'screen' | 'phone', Point[]>;

export function describeUploadHealthContract(run: ContractRun) {
  const { c, nextStart } = run;
  describe('upload health', () => {
    it('samples the bytes recorded as the devices report them against the bytes received, once per interval, for the sitting’s supervisors', async () => {
      const target = run.target();
      const startsAt = nextStart();
      const { sittingId, candidates, tokens, phones } = await c.entered(startsAt, 2);
      const [mine, theirs] = [tokens[0]!, tokens[1]!];
      const camera = (await c.ok('createRecording', { token: mine, body: { kind: 'camera', mimeType: 'video/webm' } })) as Target;
      const screen = (await c.ok('createRecording', { token: mine, body: { kind: 'screen', mimeType: 'video/webm' } })) as Target;
      const evidence = (await c.ok('createEvidenceRecording', { token: phones[0]!, body: { mimeType: 'video/webm' } })) as Target;
      const theirCamera = (await c.ok('createRecording', { token: theirs, body: { kind: 'camera', mimeType: 'video/webm' } })) as Target;
      expect(await tusUpload(target, camera.uploadUrl, mine, sampleBytes(150_000, 1))).toBe(150_000);
      expect(await tusUpload(target, screen.uploadUrl, mine, sampleBytes(50_000, 2))).toBe(50_000);
      expect(await tusUpload(target, evidence.uploadUrl, phones[0]!, sampleBytes(10_000, 3))).toBe(10_000);

      const supervisor = await c.supervisor();
      const statusOf = async (candidateId: string) =>
        ((await c.ok('listCandidates', { token: supervisor, params: { sittingId } })) as { candidate: { id: string }; upload?: Record<string, Point> }[]).find(
          (s) => s.candidate.id === candidateId,
        )!;
      // Before any report nothing is sampled: the server cannot know what the devices recorded.
      await c.ok('heartbeat', { token: mine });
      expect(await statusOf(candidates[0]!.id)).not.toHaveProperty('upload');

      const t0 = startsAt - 15 * 60_000;
      // Another candidate's part and the phone's are not the page's to report: not counted.
      await c.ok('heartbeat', {
        token: mine,
        body: { recordings: [{ id: camera.recordingId, bytesRecorded: 200_000 }, { id: screen.recordingId, bytesRecorded: 40_000 }, { id: theirCamera.recordingId, bytesRecorded: 9_000_000 }, { id: evidence.recordingId, bytesRecorded: 9_000_000 }] },
      });
      await c.ok('heartbeat', { token: phones[0]!, body: { recordings: [{ id: evidence.recordingId, bytesRecorded: 30_000 }, { id: camera.recordingId, bytesRecorded: 9_000_000 }] } });
      // Recorded is never shown below what the server received (the screen's report is older than its bytes).
      expect((await statusOf(candidates[0]!.id)).upload).toEqual({
        camera: { at: t0, recorded: 200_000, acknowledged: 150_000 },
        screen: { at: t0, recorded: 50_000, acknowledged: 50_000 },
        phone: { at: t0, recorded: 30_000, acknowledged: 10_000 },
      });
      expect(await statusOf(candidates[1]!.id)).not.toHaveProperty('upload');

      // At most one sample per UPLOAD_SAMPLE_MIN_GAP_MS of server time per candidate and kind.
      const big = UPLOAD_LAG_BYTES + 200_000;
      await c.setClock(t0 + UPLOAD_SAMPLE_MIN_GAP_MS - 1);
      await c.ok('heartbeat', { token: mine, body: { recordings: [{ id: camera.recordingId, bytesRecorded: big }] } });
      await c.setClock(t0 + UPLOAD_SAMPLE_MIN_GAP_MS);
      await c.ok('heartbeat', { token: mine, body: { recordings: [{ id: camera.recordingId, bytesRecorded: big }] } });
      const t1 = t0 + UPLOAD_SAMPLE_MIN_GAP_MS;
      await c.setClock(t1 + UPLOAD_SAMPLE_MIN_GAP_MS);
      await c.ok('heartbeat', { token: mine, body: { recordings: [{ id: camera.recordingId, bytesRecorded: big + 100 }] } });
      const t2 = t1 + UPLOAD_SAMPLE_MIN_GAP_MS;

      const health = (await c.ok('getCandidateUploadHealth', { token: supervisor, params: { candidateId: candidates[0]!.id } })) as { candidateId: string; series: Series };
      expect(health.candidateId).toBe(candidates[0]!.id);
      // The part the page no longer reports (the screen) counts as it was received.
      expect(health.series).toEqual({
        camera: [
          { at: t0, recorded: 200_000, acknowledged: 150_000 },
          { at: t1, recorded: big, acknowledged: 150_000 },
          { at: t2, recorded: big + 100, acknowledged: 150_000 },
        ],
        screen: [
          { at: t0, recorded: 50_000, acknowledged: 50_000 },
          { at: t1, recorded: 50_000, acknowledged: 50_000 },
          { at: t2, recorded: 50_000, acknowledged: 50_000 },
        ],
        phone: [{ at: t0, recorded: 30_000, acknowledged: 10_000 }],
      });
      // A lag beyond UPLOAD_LAG_BYTES is dated from the first sample that had it.
      expect((await statusOf(candidates[0]!.id)).upload?.['camera']).toEqual({ at: t2, recorded: big + 100, acknowledged: 150_000, lagSince: t1 });

      await c.ok('heartbeat', { token: theirs, body: { recordings: [{ id: theirCamera.recordingId, bytesRecorded: 1_000 }] } });
      const sitting = (await c.ok('getSittingUploadHealth', { token: supervisor, params: { sittingId } })) as {
        sittingId: string;
        totals: Series;
        candidates: { candidateId: string; name: string; latest: Record<string, Point> }[];
      };
      expect(sitting.sittingId).toBe(sittingId);
      expect(sitting.totals.camera.at(-1)).toEqual({ at: t2, recorded: big + 100 + 1_000, acknowledged: 150_000 });
      expect(sitting.totals.phone).toEqual([{ at: t0, recorded: 30_000, acknowledged: 10_000 }]);
      expect(sitting.candidates.map((entry) => [entry.candidateId, Object.keys(entry.latest).sort()])).toEqual([
        [candidates[0]!.id, ['camera', 'phone', 'screen']],
        [candidates[1]!.id, ['camera']],
      ]);
      expect(sitting.candidates[1]!.latest['camera']).toEqual({ at: t2, recorded: 1_000, acknowledged: 0 });
    });

    it('refuses a report the page would never send, and keeps the session alive without one', async () => {
      const startsAt = nextStart();
      const { tokens } = await c.entered(startsAt, 1);
      const token = tokens[0]!;
      await c.fails('heartbeat', { token, body: { recordings: [{ id: 'rec_x', bytesRecorded: -1 }] } }, 400, 'VALIDATION_FAILED');
      await c.fails('heartbeat', { token, body: { recordings: [{ id: 'rec_x', bytesRecorded: 1.5 }] } }, 400, 'VALIDATION_FAILED');
      await c.fails('heartbeat', { token, body: { recordings: Array.from({ length: 17 }, (_, i) => ({ id: `rec_${i}`, bytesRecorded: 1 })) } }, 400, 'VALIDATION_FAILED');
      await c.fails('heartbeat', { token, body: { recordings: [], extra: 1 } }, 400, 'VALIDATION_FAILED');
      await c.ok('heartbeat', { token });
      await c.ok('heartbeat', { token, body: {} });
    });
  });
}
