/**
 * Hostile input: for every route, requests generated from its schemas — wrong types, missing and extra fields,
 * oversize values and bodies, malformed JSON, ids with path traversal — must get a 4xx with a code, never a 5xx,
 * and change nothing.
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as contractRoutes, type RouteDefinition, type RouteName } from '../rest/contract.js';

const routes: Record<RouteName, RouteDefinition> = contractRoutes;
import { contractClient, DEMO_EXAM } from './contract-client.js';
import { call, codeOf, pathOf, type ContractTarget } from './http.js';
import { validRequest, type World } from './samples.js';

const MIN = 60_000;
const START = Date.UTC(2032, 4, 5, 2, 0);

export const HOSTILE_IDS = ['../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '%00', 'a'.repeat(300), '<script>alert(1)</script>', "' OR 1=1 --", '.', '..'];

interface Mutation {
  readonly label: string;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly params?: Record<string, string>;
}

function wrongValue(schema: TSchema): unknown {
  switch (schema.type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'yes';
    case 'array':
      return { not: 'an array' };
    case 'object':
      return 'not an object';
    default:
      return { unexpected: true };
  }
}

function oversize(schema: TSchema): unknown {
  if (schema.type === 'string') return 'x'.repeat(((schema.maxLength as number | undefined) ?? 10_000) + 1);
  if (schema.type === 'integer' || schema.type === 'number') return -1;
  return undefined;
}

/** Mutations of a valid body, derived from the route's body schema. */
export function bodyMutations(schema: TObject, valid: Record<string, unknown>): Mutation[] {
  const mutations: Mutation[] = [
    { label: 'body is an array', body: [valid] },
    { label: 'body is a string', body: 'hello' },
    { label: 'body is null', body: null },
    { label: 'malformed JSON', rawBody: '{"oops": ' },
    { label: 'an extra field', body: { ...valid, isAdmin: true } },
    { label: 'a 200 KB body', body: { ...valid, padding: 'x'.repeat(200_000) } },
  ];
  for (const [key, property] of Object.entries(schema.properties)) {
    mutations.push({ label: `${key} of the wrong type`, body: { ...valid, [key]: wrongValue(property) } });
    mutations.push({ label: `${key} null`, body: { ...valid, [key]: null } });
    const big = oversize(property);
    if (big !== undefined) mutations.push({ label: `${key} out of range`, body: { ...valid, [key]: big } });
    if (schema.required?.includes(key)) {
      const { [key]: _dropped, ...rest } = valid;
      mutations.push({ label: `${key} missing`, body: rest });
    }
  }
  return mutations;
}

export function describeHostileInput(name: string, makeTarget: () => Promise<ContractTarget & { close(): Promise<void> }>) {
  describe(`hostile input: ${name}`, () => {
    let target: ContractTarget & { close(): Promise<void> };
    let c: ReturnType<typeof contractClient>;
    let world: World;
    let tokens: Record<'candidate' | 'phone' | 'supervisor' | 'administrator', string>;
    /** Everything a request could have changed, as the API shows it. */
    let snapshot: () => Promise<unknown>;

    beforeAll(async () => {
      target = await makeTarget();
      c = contractClient(target);
      // Not about evidence (R9): a sitting that does not require the phone's recording before entry.
      const sitting = await c.seed(START, 1, { policy: { requireEvidence: false } });
      await c.setClock(START - 15 * MIN);
      const candidate = await c.login(sitting.candidates[0]!, 'device-a-123');
      await c.ok('enter', { token: candidate });
      const pairing = (await c.ok('createPairing', { token: candidate })) as { code: string };
      const phone = ((await c.ok('pairPhone', { body: { code: pairing.code } })) as { token: string }).token;
      world = { sittingId: sitting.sittingId, candidate: sitting.candidates[0]!, pairingCode: pairing.code };
      tokens = { candidate, phone, supervisor: await c.supervisor(), administrator: (await c.administrator()).token };
      snapshot = async () => ({
        me: (await call(target, 'getMe', { token: candidate })).body,
        help: (await call(target, 'getHelpMessages', { token: candidate })).body,
        evidence: (await call(target, 'getEvidenceStatus', { token: candidate })).body,
        candidates: (await call(target, 'listCandidates', { token: tokens.supervisor, params: { sittingId: world.sittingId } })).body,
        incidents: (await call(target, 'listIncidents', { token: tokens.supervisor, params: { candidateId: world.candidate.id } })).body,
        recordings: (await call(target, 'listRecordings', { token: tokens.supervisor, params: { candidateId: world.candidate.id } })).body,
        exams: (await call(target, 'adminListExams', { token: tokens.administrator })).body,
        sittings: (await call(target, 'adminListSittings', { token: tokens.administrator, params: { examId: DEMO_EXAM } })).body,
        supervisors: (await call(target, 'adminListSupervisors', { token: tokens.administrator })).body,
        audit: (await call(target, 'adminListAudit', { token: tokens.administrator })).body,
      });
    }, 60_000);
    afterAll(async () => target.close(), 60_000);

    const tokenFor = (route: RouteName) => {
      const auth = routes[route].auth;
      if (!Array.isArray(auth)) return null;
      return tokens[auth[0] as 'candidate' | 'phone' | 'supervisor' | 'administrator'];
    };

    const withBody = (Object.keys(routes) as RouteName[]).filter((r) => routes[r].body && routes[r].auth !== 'dev');
    it.each(withBody)('%s: every malformed body → 4xx with a code, nothing changed', async (route) => {
      const before = await snapshot();
      const valid = validRequest(route, world);
      for (const mutation of bodyMutations(routes[route].body as TObject, valid.body as Record<string, unknown>)) {
        const result = await call(target, route, { params: valid.params, body: mutation.body, rawBody: mutation.rawBody, token: tokenFor(route) });
        expect(result.status, `${route}, ${mutation.label}: ${JSON.stringify(result.body)?.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(result.status, `${route}, ${mutation.label}`).toBeLessThan(500);
        expect(codeOf(result), `${route}, ${mutation.label}`).toBeTypeOf('string');
      }
      expect(await snapshot()).toEqual(before);
    });

    const withParams = (Object.keys(routes) as RouteName[]).filter((r) => routes[r].params);
    it.each(withParams)('%s: hostile ids → 4xx with a code, nothing changed', async (route) => {
      const before = await snapshot();
      const valid = validRequest(route, world);
      for (const id of HOSTILE_IDS) {
        const params = Object.fromEntries(Object.keys(valid.params ?? {}).map((key) => [key, id]));
        const result = await call(target, route, { params, body: valid.body, token: tokenFor(route) });
        // A dot segment ('.', '..') is resolved away by the URL before it is sent: the request names another path
        // (GET /admin/exams/. is GET /admin/exams/, the list), which may answer; it must still fail safe, changing nothing.
        if (new URL(target.baseUrl + pathOf(route, params)).pathname !== new URL(target.baseUrl).pathname.replace(/\/$/, '') + pathOf(route, params)) {
          expect(result.status).toBeLessThan(500);
          continue;
        }
        expect(result.status, `${route}, id ${id.slice(0, 30)}: ${JSON.stringify(result.body)?.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(result.status).toBeLessThan(500);
        expect(codeOf(result)).toBeTypeOf('string');
      }
      expect(await snapshot()).toEqual(before);
    });

    it('an unknown route answers 404 with a code', async () => {
      const response = await target.fetch(`${target.baseUrl}/api/v1/no/such/route`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { code: string }).code).toBe('NOT_FOUND');
    });
  });
}
