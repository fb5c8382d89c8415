/** Helpers over one target of the REST suites: typed calls that check every body against the contract, and set-up steps. */
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { expect } from 'vitest';
import { PLEDGE_VERSION } from '@examroom/core';
import { routes, type RouteName } from '../rest/contract.js';
import { call, codeOf, type CallOptions, type ContractTarget } from './http.js';

const MIN = 60_000;
export const DEMO_EXAM = 'exam-demo';
export const DEMO_SUPERVISOR = { username: 'supervisor', password: 'demo-supervisor' } as const;

export interface SeededCandidate {
  readonly id: string;
  readonly idNumber: string;
  readonly password: string;
}

let serial = 0;

/**
 * Helpers over one target, shared by the contract, authorisation and hostile-input suites. The target may be given as
 * a function, for suites that make it only in beforeAll.
 */
export function contractClient(targetOf: ContractTarget | (() => ContractTarget)) {
  const target = typeof targetOf === 'function' ? targetOf : () => targetOf;
  const api = async (route: RouteName, options: CallOptions = {}) => {
    const result = await call(target(), route, options);
    const definition = routes[route];
    // Every success body must match the route's response schema, whatever the implementation.
    if (result.status >= 200 && result.status < 300 && definition.response) {
      const errors = [...Value.Errors(definition.response as TSchema, result.body)].map((e) => `${e.path}: ${e.message}`);
      expect(errors, `${route} response shape`).toEqual([]);
    }
    if (result.status >= 400) {
      expect(codeOf(result), `${route} error body has a code: ${JSON.stringify(result.body)}`).toBeTypeOf('string');
      expect((result.body as { message?: unknown }).message).toBeTypeOf('string');
    }
    return result;
  };
  const ok = async (route: RouteName, options: CallOptions = {}) => {
    const result = await api(route, options);
    expect(result.status, `${route}: ${JSON.stringify(result.body)}`).toBe(routes[route].status);
    return result.body as never;
  };
  const fails = async (route: RouteName, options: CallOptions, status: number, code: string) => {
    const result = await api(route, options);
    expect([result.status, codeOf(result)], `${route}: ${JSON.stringify(result.body)}`).toEqual([status, code]);
    return result.body as Record<string, unknown>;
  };
  const setClock = (now: number) => ok('setClock', { body: { now } });
  /** A new sitting of the demo exam starting at `startsAt`, with `count` fresh candidates. */
  const seed = async (startsAt: number, count: number, extra: { entryOpensAt?: number; policy?: Record<string, unknown> } = {}) => {
    const candidates = Array.from({ length: count }, (_, i) => {
      serial += 1;
      const idNumber = `9${String(Date.now() % 1e9).padStart(9, '0')}${String(serial).padStart(6, '0')}${i}`.slice(0, 18);
      return { name: `考生${serial}`, idNumber, password: `pw-${serial}-${i}`, admissionNumber: `A${serial}${i}` };
    });
    const seeded = (await ok('seedSitting', { body: { examId: DEMO_EXAM, name: `第${serial}场`, startsAt, ...extra, candidates } })) as {
      sitting: { id: string };
      candidates: { id: string; admissionNumber: string }[];
    };
    return {
      sittingId: seeded.sitting.id,
      candidates: candidates.map((c) => ({
        id: seeded.candidates.find((s) => s.admissionNumber === c.admissionNumber)!.id,
        idNumber: c.idNumber,
        password: c.password,
      })) as SeededCandidate[],
    };
  };
  const login = async (candidate: SeededCandidate, deviceKey = 'device-key-1') =>
    ((await ok('loginWithPassword', { body: { examId: DEMO_EXAM, idNumber: candidate.idNumber, password: candidate.password, deviceKey } })) as { token: string })
      .token;
  const supervisor = async () => ((await ok('supervisorLogin', { body: DEMO_SUPERVISOR })) as { token: string }).token;
  /**
   * A fresh administrator (the dev route, in place of the `examroom-server admin create` command) logged in; with
   * `oneTime`, still holding the one-time password. Answers the token, the id and the password.
   */
  const administrator = async (options: { oneTime?: boolean } = {}) => {
    serial += 1;
    const username = `admin-${serial}-${Math.random().toString(36).slice(2, 8)}`;
    const password = `admin-password-${serial}`;
    const { id } = (await ok('seedAdministrator', { body: { username, password, mustChangePassword: options.oneTime ?? false } })) as { id: string };
    const { token } = (await ok('adminLogin', { body: { username, password } })) as { token: string };
    return { token, id, username, password };
  };
  /** The candidate's phone pairs with a fresh code and reports 录制中 (R9), as the phone's page does; answers the phone's token. */
  const phoneRecording = async (token: string) => {
    const { code } = (await ok('createPairing', { token })) as { code: string };
    const phone = ((await ok('pairPhone', { body: { code } })) as { token: string }).token;
    await ok('setEvidenceStatus', { token: phone, body: { state: 'recording' } });
    return phone;
  };
  /** 设备确认, 信息确认 and the pledge, as the candidate's page sends them after entering (R16, R17, R24). */
  const confirmAll = async (token: string) => {
    await ok('confirm', { token, body: { kind: 'devices' } });
    await ok('confirm', { token, body: { kind: 'info' } });
    return (await ok('confirm', { token, body: { kind: 'pledge', pledgeVersion: PLEDGE_VERSION } })) as Record<string, unknown>;
  };
  /**
   * Logs in and enters a sitting that starts at `startsAt` (clock ends at the entry time), each candidate's phone
   * recording first (R9); with `confirmed`, each also gives the three confirmations that answering needs.
   */
  const entered = async (startsAt: number, count = 1, options: { confirmed?: boolean } = {}) => {
    const sitting = await seed(startsAt, count);
    await setClock(startsAt - 15 * MIN);
    const tokens: string[] = [];
    const phones: string[] = [];
    for (const candidate of sitting.candidates) {
      const token = await login(candidate, `device-${candidate.id}`);
      phones.push(await phoneRecording(token));
      await ok('enter', { token });
      if (options.confirmed) await confirmAll(token);
      tokens.push(token);
    }
    return { ...sitting, tokens, phones };
  };
  return { api, ok, fails, setClock, seed, login, supervisor, phoneRecording, confirmAll, entered, administrator };
}

export type ContractClient = ReturnType<typeof contractClient>;
