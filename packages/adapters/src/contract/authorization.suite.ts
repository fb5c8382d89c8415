/**
 * The authorisation matrix: every route × every kind of caller. No token → 401; a role the route does not name →
 * 403; a candidate sees only their own data; a phone token does evidence work only; only supervisors reach
 * supervisor routes; only administrators reach the /admin routes, and an administrator reaches nothing else — not
 * even the supervisors' reads: what an administrator needs of a sitting has its own /admin route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES_AFTER_FINISH, routes, type RouteName } from '../rest/contract.js';
import { contractClient } from './contract-client.js';
import { codeOf, type ContractTarget } from './http.js';
import { validRequest, type World } from './samples.js';
import { ALL_ADMIN_FILE_EXPORTS, getAdminFile, refusalOf, type AdminFileExport } from './admin-files.js';

const MIN = 60_000;
const START = Date.UTC(2031, 2, 3, 2, 0);

type Caller = 'none' | 'candidate' | 'phone' | 'supervisor' | 'administrator';

export interface AuthorizationOptions {
  /** The administrator's file exports the target serves (all by default; the MSW handlers serve the CSV only). */
  readonly fileExports?: readonly AdminFileExport[];
}

export function describeAuthorization(name: string, makeTarget: () => Promise<ContractTarget & { close(): Promise<void> }>, options: AuthorizationOptions = {}) {
  describe(`authorisation matrix: ${name}`, () => {
    let target: ContractTarget & { close(): Promise<void> };
    let c: ReturnType<typeof contractClient>;
    let world: World;
    let tokens: Record<Exclude<Caller, 'none'>, string>;
    let other: { id: string; token: string };
    let finished: string;

    beforeAll(async () => {
      target = await makeTarget();
      c = contractClient(target);
      // Not about evidence (R9): a sitting that does not require the phone's recording before entry.
      const sitting = await c.seed(START, 3, { policy: { requireEvidence: false } });
      await c.setClock(START - 15 * MIN);
      const candidate = await c.login(sitting.candidates[0]!, 'device-a-123');
      const otherToken = await c.login(sitting.candidates[1]!, 'device-b-123');
      await c.ok('enter', { token: candidate });
      await c.ok('enter', { token: otherToken });
      await c.ok('sendHelpMessage', { token: otherToken, body: { id: 'secret-of-b', text: '只有B和监督员能看到' } });
      const pairing = (await c.ok('createPairing', { token: candidate })) as { code: string };
      const phone = ((await c.ok('pairPhone', { body: { code: pairing.code } })) as { token: string }).token;
      const spare = (await c.ok('createPairing', { token: candidate })) as { code: string };
      world = { sittingId: sitting.sittingId, candidate: sitting.candidates[0]!, pairingCode: spare.code };
      tokens = { candidate, phone, supervisor: await c.supervisor(), administrator: (await c.administrator()).token };
      other = { id: sitting.candidates[1]!.id, token: otherToken };
      finished = await c.login(sitting.candidates[2]!, 'device-f-123');
      await c.ok('enter', { token: finished });
      await c.setClock(START + MIN);
      await c.ok('finish', { token: finished, body: { reason: 'endedEarly' } });
    }, 60_000);
    afterAll(async () => target.close(), 60_000);

    const guarded = (Object.keys(routes) as RouteName[]).filter((r) => Array.isArray(routes[r].auth));

    it.each(guarded)('%s: no token → 401 UNAUTHENTICATED', async (route) => {
      const result = await c.api(route, { ...validRequest(route, world), token: null });
      expect([result.status, codeOf(result)]).toEqual([401, 'UNAUTHENTICATED']);
    });

    it.each(guarded)('%s: a forged token → 401 UNAUTHENTICATED', async (route) => {
      const result = await c.api(route, { ...validRequest(route, world), token: 'forged-token-0123456789abcdef' });
      expect([result.status, codeOf(result)]).toEqual([401, 'UNAUTHENTICATED']);
    });

    const matrix = guarded.flatMap((route) =>
      (['candidate', 'phone', 'supervisor', 'administrator'] as const)
        .filter((caller) => !(routes[route].auth as readonly string[]).includes(caller))
        .map((caller) => [route, caller] as const),
    );

    it.each(matrix)('%s: a %s token → 403 FORBIDDEN', async (route, caller) => {
      const result = await c.api(route, { ...validRequest(route, world), token: tokens[caller] });
      expect([result.status, codeOf(result)]).toEqual([403, 'FORBIDDEN']);
    });

    it('the administrator matrix covers every /admin route and every other guarded route', () => {
      const adminRoutes = guarded.filter((route) => routes[route].path.startsWith('/admin/'));
      expect(adminRoutes.length).toBeGreaterThan(10);
      for (const route of adminRoutes) expect(routes[route].auth, route).toEqual(['administrator']);
      for (const route of guarded.filter((r) => !adminRoutes.includes(r))) expect(routes[route].auth as readonly string[], route).not.toContain('administrator');
    });

    it('an administrator who still holds the one-time password reaches only who they are, the password change and logout', async () => {
      const oneTime = await c.administrator({ oneTime: true });
      const open = new Set<RouteName>(['getAdminMe', 'changeAdminPassword', 'adminLogout']);
      for (const route of guarded.filter((r) => routes[r].path.startsWith('/admin/') && !open.has(r))) {
        const result = await c.api(route, { ...validRequest(route, world), token: oneTime.token });
        expect([result.status, codeOf(result)], route).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
      }
      expect(await c.ok('getAdminMe', { token: oneTime.token })).toMatchObject({ mustChangePassword: true });
    });

    // The exports that are files, not JSON routes: the administrator's alone, like every /admin route.
    const fileExports = options.fileExports ?? ALL_ADMIN_FILE_EXPORTS;
    const fileParams = () => ({ sittingId: world.sittingId, candidateId: world.candidate.id, recordingId: 'rec_sample_unknown' });
    it.each(fileExports)('file export %s: only an administrator who changed the one-time password reaches it', async (which) => {
      const refused = async (token: string | null) => refusalOf(await getAdminFile(target, which, fileParams(), token));
      expect(await refused(null)).toEqual([401, 'UNAUTHENTICATED']);
      expect(await refused('forged-token-0123456789abcdef')).toEqual([401, 'UNAUTHENTICATED']);
      for (const caller of ['candidate', 'phone', 'supervisor'] as const) expect(await refused(tokens[caller]), caller).toEqual([403, 'FORBIDDEN']);
      const oneTime = await c.administrator({ oneTime: true });
      expect(await refused(oneTime.token)).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
      const answer = await getAdminFile(target, which, fileParams(), tokens.administrator);
      // The sample recording does not exist; the sitting and the candidate do.
      if (which === 'recordingFile') expect(await refusalOf(answer)).toEqual([404, 'NOT_FOUND']);
      else {
        expect(answer.status).toBe(200);
        await answer.arrayBuffer();
      }
    });

    const closedAfterFinish = guarded.filter((route) => (routes[route].auth as readonly string[]).includes('candidate') && !ROUTES_AFTER_FINISH.includes(route));

    it.each(closedAfterFinish)('%s: a finished candidate’s token → 403 EXAM_FINISHED', async (route) => {
      const result = await c.api(route, { ...validRequest(route, world), token: finished });
      expect([result.status, codeOf(result)]).toEqual([403, 'EXAM_FINISHED']);
    });

    it('a finished candidate still reads their record and may complete uploads', async () => {
      await c.ok('getMe', { token: finished });
      await c.ok('heartbeat', { token: finished });
      const complete = await c.api('completeRecording', { ...validRequest('completeRecording', world), token: finished });
      expect([complete.status, codeOf(complete)]).toEqual([404, 'NOT_FOUND']);
      for (const route of ['listSittings', 'setEvidenceStatus'] as const) {
        const result = await c.api(route, { ...validRequest(route, world), token: finished });
        expect([result.status, codeOf(result)], route).toEqual([403, 'FORBIDDEN']);
      }
    });

    it('a candidate reads only their own record and chat', async () => {
      const me = (await c.ok('getMe', { token: tokens.candidate })) as { candidate: { id: string } };
      expect(me.candidate.id).toBe(world.candidate.id);
      const chat = (await c.ok('getHelpMessages', { token: tokens.candidate })) as { id: string }[];
      expect(chat.map((m) => m.id)).not.toContain('secret-of-b');
      const theirs = (await c.ok('getMe', { token: other.token })) as { candidate: { id: string } };
      expect(theirs.candidate.id).toBe(other.id);
    });

    it('a candidate cannot reach another candidate by id through any route', async () => {
      for (const route of ['getCandidateHelp', 'listIncidents', 'listRecordings'] as const) {
        const result = await c.api(route, { params: { candidateId: other.id }, token: tokens.candidate });
        expect([result.status, codeOf(result)]).toEqual([403, 'FORBIDDEN']);
      }
      const reply = await c.api('replyHelp', { params: { candidateId: other.id }, body: { id: 'forged-reply', text: 'x' }, token: tokens.candidate });
      expect(reply.status).toBe(403);
      const chat = (await c.ok('getHelpMessages', { token: other.token })) as { id: string }[];
      expect(chat.map((m) => m.id)).not.toContain('forged-reply');
    });

    it('a phone token does evidence work only', async () => {
      await c.ok('setEvidenceStatus', { token: tokens.phone, body: { state: 'phoneConnected' } });
      for (const route of ['getMe', 'getQuestions', 'createRecording', 'listSittings'] as const) {
        const result = await c.api(route, { ...validRequest(route, world), token: tokens.phone });
        expect(result.status, route).toBe(403);
      }
    });

    describe('the supervisor console: a supervisor acts only on the sittings they watch', () => {
      /** Every supervisor route that names a candidate, a sitting or a recording of the world's sitting. */
      const CONSOLE_ROUTES = [
        'listCandidates',
        'getCandidateHelp',
        'replyHelp',
        'listIncidents',
        'listRecordings',
        'sendNotice',
        'grantExtraTime',
        'endInterview',
        'allowLateEntry',
        'listInterventions',
        'getVerdict',
        'setVerdict',
        'getTimeline',
        'createRecordingLink',
        'getCandidateUploadHealth',
        'getSittingUploadHealth',
        'waiveVirtualCamera',
      ] as const satisfies readonly RouteName[];
      let stranger: string;
      let request: (route: RouteName) => { params?: Record<string, string>; body?: unknown };

      beforeAll(async () => {
        // A supervisor of another sitting of the same exam: watches that sitting only.
        const username = `other-sitting-${Math.random().toString(36).slice(2, 10)}`;
        await c.ok('seedSitting', {
          body: {
            examId: 'exam-demo',
            name: '另一场',
            startsAt: START + 60 * MIN,
            candidates: [{ name: '丙', idNumber: `9${String(Date.now()).slice(-9)}`, password: 'other-pass', admissionNumber: 'Z-1' }],
            supervisor: { username, password: 'other-supervisor-pass' },
          },
        });
        stranger = ((await c.ok('supervisorLogin', { body: { username, password: 'other-supervisor-pass' } })) as { token: string }).token;
        const recording = (await c.ok('createRecording', { token: tokens.candidate, body: { kind: 'screen', mimeType: 'video/webm' } })) as { recordingId: string };
        request = (route) => validRequest(route, { ...world, recordingId: recording.recordingId });
      });

      it.each(CONSOLE_ROUTES)('%s: a supervisor of another sitting → 403 FORBIDDEN, and nothing changes', async (route) => {
        const result = await c.api(route, { ...request(route), token: stranger });
        expect([result.status, codeOf(result)]).toEqual([403, 'FORBIDDEN']);
      });

      it('a supervisor of another sitting lists only their own sitting, and changed nothing of this one', async () => {
        const sittings = (await c.ok('listSittings', { token: stranger })) as { sitting: { id: string } }[];
        expect(sittings.map((s) => s.sitting.id)).not.toContain(world.sittingId);
        expect(sittings).toHaveLength(1);
        const own = tokens.supervisor;
        const params = { candidateId: world.candidate.id };
        expect(await c.ok('listInterventions', { token: own, params })).toEqual([]);
        expect(await c.ok('getVerdict', { token: own, params })).toEqual({ current: null, history: [] });
        const chat = (await c.ok('getCandidateHelp', { token: own, params })) as { id: string }[];
        expect(chat.map((m) => m.id)).not.toContain('notice-sample-1');
        const me = (await c.ok('getMe', { token: tokens.candidate })) as { progress: { finishedAt: number | null } };
        expect(me.progress.finishedAt).toBeNull();
      });

      it('the sitting’s own supervisor reaches every route (ending the interview last)', async () => {
        const expected: Record<(typeof CONSOLE_ROUTES)[number], number> = {
          listCandidates: 200,
          getCandidateHelp: 200,
          replyHelp: 201,
          listIncidents: 200,
          listRecordings: 200,
          sendNotice: 201,
          grantExtraTime: 201,
          // The world's candidate has entered: let in, but nothing to lift.
          allowLateEntry: 409,
          listInterventions: 200,
          getVerdict: 200,
          setVerdict: 200,
          getTimeline: 200,
          createRecordingLink: 201,
          endInterview: 201,
          getCandidateUploadHealth: 200,
          getSittingUploadHealth: 200,
          waiveVirtualCamera: 201,
        };
        const order = [...CONSOLE_ROUTES.filter((r) => r !== 'endInterview'), 'endInterview' as const];
        for (const route of order) {
          const result = await c.api(route, { ...request(route), token: tokens.supervisor });
          expect(result.status, route).toBe(expected[route]);
        }
      });
    });
  });
}
