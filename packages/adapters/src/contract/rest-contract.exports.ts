/**
 * The administrator's exports in the REST contract suite: a sitting's results (JSON, and the CSV that Excel opens:
 * UTF-8 with a byte order mark, times with the exam's offset), parsed back with csv-parse; and, where the target
 * keeps files (the `exportFiles` part: the reference server, not the MSW handlers), the XLSX workbook read back with
 * exceljs, one candidate's archive read back with yauzl (its recordings byte for byte the server's files) and the
 * recordings' download route with range requests. Every export is in the audit log.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '@examroom/core';
import { getAdminFile, refusalOf, unzip } from './admin-files.js';
import { sampleBytes, sha256Hex, tusUpload } from './http.js';
import type { ContractRun } from './rest-contract.suite.js';
import type { SeededCandidate } from './contract-client.js';

const MIN = 60_000;
const TIME_ZONE = 'Asia/Shanghai';
/** The demo exam's policy (the defaults): 5 minutes to answer, the evidence due an hour after the deadline. */
const ANSWER_MS = 5 * MIN;
const EVIDENCE_DUE_AFTER_MS = 60 * MIN;

interface ResultRow {
  candidateId: string;
  name: string;
  idNumberMasked: string;
  attended: boolean;
  firstLoginAt: number | null;
  enteredAt: number | null;
  finishedAt: number | null;
  finishReason: string | null;
  lot: number | null;
  incidents: { kind: string; count: number }[];
  evidence: string;
  evidenceDueAt: number;
  verdict: { verdict: string; comment: string; supervisorName: string } | null;
  recordings: { id: string; kind: string; part: number; complete: boolean; bytes: number; url: string | null }[];
}
interface SittingResults {
  sittingId: string;
  timeZone: string;
  rows: ResultRow[];
}

/** Shanghai has no daylight saving time: +08:00 all year, so the expected text is plain arithmetic. */
const shanghai = (at: number) => `${new Date(at + 8 * 60 * MIN).toISOString().slice(0, 19)}+08:00`;

export function describeExportsContract(run: ContractRun) {
  const { c, nextStart } = run;

  describe('exports', () => {
    /**
     * One sitting of four: `sat` sits the interview (incidents, a help message, extra time, a camera recording, the
     * phone's evidence on time, a verdict) and hands in; `noEvidence` enters and runs out of time without evidence;
     * `loggedIn` logs in but never enters; `absent` never comes. The clock ends after the evidence due time.
     */
    let world: {
      startsAt: number;
      sittingId: string;
      sat: SeededCandidate;
      noEvidence: SeededCandidate;
      loggedIn: SeededCandidate;
      absent: SeededCandidate;
      camera: { id: string; bytes: Uint8Array };
      evidence: { id: string; bytes: Uint8Array };
      admin: string;
    };

    const complete = async (token: string, target: { recordingId: string; uploadUrl: string }, bytes: Uint8Array) => {
      await tusUpload(run.target(), target.uploadUrl, token, bytes);
      await c.ok('completeRecording', { token, params: { recordingId: target.recordingId }, body: { totalBytes: bytes.length, sha256: await sha256Hex(bytes) } });
    };

    beforeAll(async () => {
      const startsAt = nextStart();
      const seeded = await c.seed(startsAt, 4);
      const [sat, noEvidence, loggedIn, absent] = seeded.candidates as [SeededCandidate, SeededCandidate, SeededCandidate, SeededCandidate];
      await c.setClock(startsAt - 15 * MIN);
      const satToken = await c.login(sat, `device-${sat.id}`);
      const satPhone = await c.phoneRecording(satToken);
      await c.ok('enter', { token: satToken });
      await c.confirmAll(satToken);
      const lateToken = await c.login(noEvidence, `device-${noEvidence.id}`);
      await c.phoneRecording(lateToken);
      await c.ok('enter', { token: lateToken });
      await c.login(loggedIn, `device-${loggedIn.id}`);

      await c.setClock(startsAt + MIN);
      for (const [id, kind] of [['blur-1', 'windowBlur'], ['blur-2', 'windowBlur'], ['fs-1', 'fullscreenExit']] as const) {
        await c.ok('reportIncident', { token: satToken, body: { id, kind, at: startsAt + MIN } });
      }
      await c.ok('sendHelpMessage', { token: satToken, body: { id: 'help-export-1', text: '摄像头画面有点暗' } });
      const supervisor = await c.supervisor();
      await c.ok('grantExtraTime', { token: supervisor, params: { candidateId: sat.id }, body: { minutes: 3 } });
      const cameraTarget = (await c.ok('createRecording', { token: satToken, body: { kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus' } })) as { recordingId: string; uploadUrl: string };
      const cameraBytes = sampleBytes(90_000, 31);
      await complete(satToken, cameraTarget, cameraBytes);
      await c.setClock(startsAt + 2 * MIN);
      await c.ok('finish', { token: satToken, body: { reason: 'completed' } });
      const evidenceTarget = (await c.ok('createEvidenceRecording', { token: satPhone, body: { mimeType: 'video/mp4' } })) as { recordingId: string; uploadUrl: string };
      const evidenceBytes = sampleBytes(70_000, 32);
      await complete(satPhone, evidenceTarget, evidenceBytes);
      await c.ok('setVerdict', { token: supervisor, params: { candidateId: sat.id }, body: { verdict: 'passed', comment: '回答完整，环境合规' } });

      await c.setClock(startsAt + ANSWER_MS + EVIDENCE_DUE_AFTER_MS + MIN);
      world = {
        startsAt,
        sittingId: seeded.sittingId,
        sat,
        noEvidence,
        loggedIn,
        absent,
        camera: { id: cameraTarget.recordingId, bytes: cameraBytes },
        evidence: { id: evidenceTarget.recordingId, bytes: evidenceBytes },
        admin: (await c.administrator()).token,
      };
    }, 60_000);

    const results = async () => (await c.ok('adminSittingResults', { token: world.admin, params: { sittingId: world.sittingId } })) as SittingResults;
    const rowOf = (r: SittingResults, candidate: SeededCandidate) => r.rows.find((row) => row.candidateId === candidate.id)!;

    it('gives one row per candidate: attended, entered, finished how and when, lot, incidents, evidence on time, verdict, recordings', async () => {
      const { startsAt, sat, noEvidence, loggedIn, absent } = world;
      const r = await results();
      expect(r).toMatchObject({ sittingId: world.sittingId, timeZone: TIME_ZONE });
      expect(r.rows).toHaveLength(4);

      const a = rowOf(r, sat);
      expect(a).toMatchObject({
        idNumberMasked: maskIdNumber(sat.idNumber),
        attended: true,
        firstLoginAt: startsAt - 15 * MIN,
        enteredAt: startsAt - 15 * MIN,
        finishReason: 'completed',
        finishedAt: startsAt + 2 * MIN,
        evidence: 'onTime',
        // Three minutes of extra time move the evidence's due time too.
        evidenceDueAt: startsAt + ANSWER_MS + 3 * MIN + EVIDENCE_DUE_AFTER_MS,
        verdict: { verdict: 'passed', comment: '回答完整，环境合规', supervisorName: 'supervisor' },
      });
      expect(a.lot).toBeGreaterThanOrEqual(1);
      expect(a.incidents).toEqual(expect.arrayContaining([{ kind: 'windowBlur', count: 2 }, { kind: 'fullscreenExit', count: 1 }]));
      expect(a.recordings.map(({ kind, part, complete, bytes }) => ({ kind, part, complete, bytes }))).toEqual([
        { kind: 'camera', part: 1, complete: true, bytes: 90_000 },
        { kind: 'evidence', part: 1, complete: true, bytes: 70_000 },
      ]);
      expect(a.recordings[0]!.url).toBe(`/api/v1/admin/recordings/${world.camera.id}/file`);

      // Entered, never uploaded evidence, and ran out of time: finished by the deadline, evidence late.
      const d = rowOf(r, noEvidence);
      expect(d).toMatchObject({ attended: true, finishReason: 'timeUp', finishedAt: startsAt + ANSWER_MS, evidence: 'late', verdict: null, recordings: [] });
      expect(d.incidents).toContainEqual({ kind: 'evidenceLate', count: 1 });

      expect(rowOf(r, loggedIn)).toMatchObject({ attended: true, enteredAt: null, finishReason: null, evidence: 'notEntered', incidents: [] });
      expect(rowOf(r, absent)).toMatchObject({ attended: false, firstLoginAt: null, enteredAt: null, evidence: 'notEntered', lot: expect.any(Number) });
    });

    it('gives the results as CSV for Excel: UTF-8 with a byte order mark, Chinese headings, times with the exam’s offset', async () => {
      const { startsAt, sat, noEvidence, absent } = world;
      const response = await getAdminFile(run.target(), 'resultsCsv', { sittingId: world.sittingId }, world.admin);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/i);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="results-/);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [headings, ...rows] = parse(bytes, { bom: true, relax_column_count: false }) as string[][];
      expect(headings).toEqual([
        '姓名', '身份证号（隐去中间）', '准考证号', '场次', '是否登录', '首次登录时间', '进入面试时间', '结束方式', '结束时间', '抽签号', '异常次数', '异常类型',
        '佐证视频是否按时上传', '佐证上传截止时间', '审核结论', '结论说明', '给出结论的监督员', '结论时间', '录像下载地址',
      ]);
      expect(rows).toHaveLength(4);
      const cell = (row: string[], heading: string) => row[headings!.indexOf(heading)]!;
      const rowNamed = (name: string) => rows.find((row) => row[0] === name)!;
      const r = await results();

      const a = rowNamed(rowOf(r, sat).name);
      expect(cell(a, '身份证号（隐去中间）')).toBe(maskIdNumber(sat.idNumber));
      expect(cell(a, '身份证号（隐去中间）')).not.toBe(sat.idNumber);
      expect(cell(a, '是否登录')).toBe('是');
      expect(cell(a, '进入面试时间')).toBe(shanghai(startsAt - 15 * MIN));
      expect(cell(a, '结束方式')).toBe('考生交卷');
      expect(cell(a, '结束时间')).toBe(shanghai(startsAt + 2 * MIN));
      expect(cell(a, '异常次数')).toBe(String(rowOf(r, sat).incidents.reduce((sum, i) => sum + i.count, 0)));
      expect(cell(a, '异常类型')).toContain('切屏（窗口失去焦点）×2');
      expect(cell(a, '佐证视频是否按时上传')).toBe('按时');
      expect(cell(a, '审核结论')).toBe('通过');
      expect(cell(a, '结论说明')).toBe('回答完整，环境合规');
      expect(cell(a, '给出结论的监督员')).toBe('supervisor');
      const links = cell(a, '录像下载地址').split('\n');
      expect(links).toHaveLength(2);
      expect(links[0]).toMatch(new RegExp(`^摄像头 第1段 https?://\\S+/api/v1/admin/recordings/${world.camera.id}/file$`));
      expect(links[1]).toMatch(/^手机佐证 第1段 /);

      const d = rowNamed(rowOf(r, noEvidence).name);
      expect([cell(d, '结束方式'), cell(d, '结束时间'), cell(d, '佐证视频是否按时上传'), cell(d, '审核结论')]).toEqual(['答题时间到', shanghai(startsAt + ANSWER_MS), '逾期', '尚无结论']);
      const absentRow = rowNamed(rowOf(r, absent).name);
      expect([cell(absentRow, '是否登录'), cell(absentRow, '进入面试时间'), cell(absentRow, '结束方式'), cell(absentRow, '佐证视频是否按时上传')]).toEqual(['否', '', '', '未进入面试']);

      // In English on request.
      const english = await getAdminFile(run.target(), 'resultsCsv', { sittingId: world.sittingId }, world.admin, { 'accept-language': 'en' });
      const [englishHeadings] = parse(Buffer.from(await english.arrayBuffer()), { bom: true }) as string[][];
      expect(englishHeadings!.slice(0, 3)).toEqual(['Name', 'ID number (masked)', 'Admission number']);
    });

    it('refuses an unknown sitting (404 NOT_FOUND) and records every export in the audit log with its format', async () => {
      const { token } = await c.administrator();
      await c.fails('adminSittingResults', { token, params: { sittingId: 'sit_unknown' } }, 404, 'NOT_FOUND');
      expect(await refusalOf(await getAdminFile(run.target(), 'resultsCsv', { sittingId: 'sit_unknown' }, token))).toEqual([404, 'NOT_FOUND']);
      await c.ok('adminSittingResults', { token, params: { sittingId: world.sittingId } });
      await (await getAdminFile(run.target(), 'resultsCsv', { sittingId: world.sittingId }, token)).arrayBuffer();
      const me = (await c.ok('getAdminMe', { token })) as { id: string };
      const page = (await c.ok('adminListAudit', { token, query: { actorId: me.id, action: 'results.export' } })) as {
        entries: { targetType: string; targetId: string; detail: Record<string, unknown> }[];
      };
      expect(page.entries.map((e) => [e.targetType, e.targetId, e.detail])).toEqual([
        ['sitting', world.sittingId, { format: 'csv', candidates: 4 }],
        ['sitting', world.sittingId, { format: 'json', candidates: 4 }],
      ]);
    });

    describe('files (XLSX, archives, recordings)', () => {
      it('gives the same table as an Excel workbook', async ({ skip }) => {
        if (!run.implements('exportFiles')) skip();
        const response = await getAdminFile(run.target(), 'resultsXlsx', { sittingId: world.sittingId }, world.admin);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(await response.arrayBuffer());
        const sheet = workbook.getWorksheet('面试结果')!;
        const sheetRows: string[][] = [];
        sheet.eachRow((row) => sheetRows.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v)))));
        const csv = await getAdminFile(run.target(), 'resultsCsv', { sittingId: world.sittingId }, world.admin);
        const csvRows = (parse(Buffer.from(await csv.arrayBuffer()), { bom: true }) as string[][]).map((row) => {
          // exceljs reads trailing empty cells as absent.
          const last = row.findLastIndex((v) => v !== '');
          return row.slice(0, last + 1);
        });
        expect(sheetRows).toEqual(csvRows);
        // Newest first: the CSV read just now, the workbook before it.
        const { id } = (await c.ok('getAdminMe', { token: world.admin })) as { id: string };
        const two = (await c.ok('adminListAudit', { token: world.admin, query: { actorId: id, action: 'results.export', limit: '2' } })) as { entries: { detail: Record<string, unknown> }[] };
        expect(two.entries.map((e) => e.detail['format'])).toEqual(['csv', 'xlsx']);
      });

      it('zips one candidate’s final recordings and timeline.json, the recordings byte for byte the server’s files', async ({ skip }) => {
        if (!run.implements('exportFiles')) skip();
        const target = run.target();
        const response = await getAdminFile(target, 'candidateArchive', { candidateId: world.sat.id }, world.admin);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/zip');
        expect(response.headers.get('content-disposition')).toBe(`attachment; filename="archive-${world.sat.id}.zip"; filename*=UTF-8''archive-${world.sat.id}.zip`);
        const entries = await unzip(Buffer.from(await response.arrayBuffer()));
        expect([...entries.keys()]).toEqual(['timeline.json', 'camera-part1.webm', 'evidence-part1.mp4']);
        for (const [name, recording] of [['camera-part1.webm', world.camera], ['evidence-part1.mp4', world.evidence]] as const) {
          const file = await getAdminFile(target, 'recordingFile', { recordingId: recording.id }, world.admin);
          expect(file.status).toBe(200);
          const served = Buffer.from(await file.arrayBuffer());
          expect(entries.get(name)!.equals(served), name).toBe(true);
          // Bytes that are no WebM or MP4 the server can read are kept as received.
          expect(served.equals(Buffer.from(recording.bytes)), name).toBe(true);
        }
        const timeline = JSON.parse(entries.get('timeline.json')!.toString('utf8')) as {
          candidate: { id: string; idNumberMasked: string };
          exam: { timeZone: string };
          timeline: { candidateId: string; progress: { finishReason: string }; markers: { kind: string; detail?: string }[]; recordings: { id: string }[] };
          interventions: { kind: string; minutes?: number }[];
          verdicts: { verdict: string }[];
          incidents: { kind: string }[];
          helpMessages: { id: string; text: string }[];
          files: { name: string; recordingId: string; kind: string; part: number; bytes: number }[];
        };
        expect(timeline.candidate).toMatchObject({ id: world.sat.id, idNumberMasked: maskIdNumber(world.sat.idNumber) });
        expect(JSON.stringify(timeline)).not.toContain(world.sat.idNumber);
        expect(timeline.exam.timeZone).toBe(TIME_ZONE);
        // The timeline as the supervisors' route gives it.
        const supervisors = (await c.ok('getTimeline', { token: await c.supervisor(), params: { candidateId: world.sat.id } })) as Record<string, unknown>;
        expect(timeline.timeline).toEqual(supervisors);
        expect(timeline.timeline.markers.map((m) => m.kind)).toEqual(expect.arrayContaining(['entered', 'incident', 'help', 'intervention', 'finished', 'verdict']));
        expect(timeline.interventions).toEqual([expect.objectContaining({ kind: 'extraTime', minutes: 3 })]);
        expect(timeline.verdicts.map((v) => v.verdict)).toEqual(['passed']);
        expect(timeline.incidents.filter((i) => i.kind === 'windowBlur')).toHaveLength(2);
        expect(timeline.helpMessages).toEqual([expect.objectContaining({ id: 'help-export-1', text: '摄像头画面有点暗' })]);
        expect(timeline.files).toEqual([
          { name: 'camera-part1.webm', recordingId: world.camera.id, kind: 'camera', part: 1, bytes: 90_000, missing: false },
          { name: 'evidence-part1.mp4', recordingId: world.evidence.id, kind: 'evidence', part: 1, bytes: 70_000, missing: false },
        ]);

        // A candidate with nothing recorded: timeline.json alone. An unknown one: 404.
        const empty = await unzip(Buffer.from(await (await getAdminFile(target, 'candidateArchive', { candidateId: world.absent.id }, world.admin)).arrayBuffer()));
        expect([...empty.keys()]).toEqual(['timeline.json']);
        expect(await refusalOf(await getAdminFile(target, 'candidateArchive', { candidateId: 'cand_unknown' }, world.admin))).toEqual([404, 'NOT_FOUND']);
      });

      it('serves a recording to administrators with range requests; a download from the first byte is one audit entry', async ({ skip }) => {
        if (!run.implements('exportFiles')) skip();
        const target = run.target();
        const { token, id } = await c.administrator();
        const params = { recordingId: world.camera.id };
        const ranged = await getAdminFile(target, 'recordingFile', params, token, { range: 'bytes=100-199' });
        expect(ranged.status).toBe(206);
        expect(ranged.headers.get('content-range')).toBe('bytes 100-199/90000');
        expect(Buffer.from(await ranged.arrayBuffer()).equals(Buffer.from(world.camera.bytes.subarray(100, 200)))).toBe(true);
        const whole = await getAdminFile(target, 'recordingFile', params, token);
        expect([whole.status, whole.headers.get('accept-ranges')]).toEqual([200, 'bytes']);
        await whole.arrayBuffer();
        expect(await refusalOf(await getAdminFile(target, 'recordingFile', params, token, { range: 'bytes=95000-' }))).toEqual([416, 'RANGE_NOT_SATISFIABLE']);
        const page = (await c.ok('adminListAudit', { token, query: { actorId: id, action: 'recording.download' } })) as { entries: { action: string; targetId: string; detail: Record<string, unknown> }[] };
        expect(page.entries.map((e) => [e.action, e.targetId])).toEqual([['recording.download', world.camera.id]]);
        expect(page.entries[0]!.detail).toEqual({ candidateId: world.sat.id, kind: 'camera', part: 1 });
        // The archive is its own entry.
        await (await getAdminFile(target, 'candidateArchive', { candidateId: world.sat.id }, token)).arrayBuffer();
        const after = (await c.ok('adminListAudit', { token, query: { actorId: id, limit: '1' } })) as { entries: { action: string; targetId: string; detail: Record<string, unknown> }[] };
        expect(after.entries[0]).toMatchObject({ action: 'candidate.archive', targetId: world.sat.id, detail: { recordings: 2 } });
      });
    });
  });
}
