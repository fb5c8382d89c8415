/**
 * Core's in-memory exam backend (`@examroom/core/testing`) behind a `fetch` that speaks the REST contract, so that the
 * contract suite can hold it to the same answers as the MSW handlers and the reference server. It serves the
 * candidate's and the phone's parts of the contract (the public, candidate and phone routes, plus the dev control's
 * clock and seeding); any other route answers 404. It routes and answers like the contract says, but checks no input schema: the suite sends
 * valid requests, and the fronts' own validation is the dispatcher's, tested with them.
 */
import { ErrorCode, ExamError, errorCodeOf } from '@examroom/core';
import { createMemoryExamBackend, sampleFixture, type MemoryExamBackend, type MemoryExamServer } from '@examroom/core/testing';
import { API_PREFIX, routes, statusOf, type RouteName } from '../rest/contract.js';
import { errorBodyOf } from '../rest/error-body.js';
import type { ContractTarget } from './http.js';

/** One request as a handler sees it: the bearer token, the path's parameters and the parsed JSON body. */
interface RouteCall {
  readonly token: string | null;
  readonly params: Readonly<Record<string, string>>;
  // Whatever the suite sent; the handler passes it on as the contract's request body.
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

type Handler = (server: MemoryExamServer, call: RouteCall) => unknown;

/** The routes of the contract's candidate and phone parts, each one call of the memory backend. */
const HANDLERS: Partial<Record<RouteName, Handler>> = {
  getTime: (server) => ({ serverTime: server.now() }),
  getExam: (server, { params }) => server.getExam(params['examId'] ?? ''),
  loginWithPassword: (server, { body }) => ({ token: server.loginWithPassword(body), role: 'candidate' }),
  loginWithFace: (server, { body }) => ({ token: server.loginWithFace(body), role: 'candidate' }),
  logout: (server, { token }) => server.logout(token),
  heartbeat: (server, { token }) => server.heartbeat(token),
  getMe: (server, { token }) => server.getMe(token),
  saveProgress: (server, { token, body }) => server.saveProgress(token, body.stage),
  createPairing: (server, { token }) => server.createPairing(token),
  getEvidenceStatus: (server, { token }) => server.getEvidenceStatus(token),
  drawLot: (server, { token }) => server.drawLot(token),
  enter: (server, { token }) => server.enter(token),
  confirm: (server, { token, body }) =>
    server.confirm(
      token,
      body.kind === 'pledge' ? { kind: 'pledge', pledgeVersion: body.pledgeVersion } : { kind: body.kind, ...(body.cameraLabel !== undefined ? { cameraLabel: body.cameraLabel } : {}) },
    ),
  getQuestions: (server, { token }) => server.getQuestions(token),
  reportIncident: (server, { token, body }) => server.reportIncident(token, body),
  finish: (server, { token, body }) => server.finish(token, body.reason),
  createRecording: (server, { token, body }) => server.createRecording(token, body),
  getHelpMessages: (server, { token }) => server.getHelpMessages(token),
  sendHelpMessage: (server, { token, body }) => server.sendHelpMessage(token, body),
  sendFaceCheck: (server, { token, body }) => server.sendFaceCheck(token, body),
  pairPhone: (server, { body }) => ({ token: server.pairPhone(body.code), role: 'phone' }),
  setEvidenceStatus: (server, { token, body }) => server.setEvidenceStatus(token, body.state),
  createEvidenceRecording: (server, { token, body }) => server.createEvidenceRecording(token, body),
  abandonRecording: (server, { token, params }) => server.abandonRecording(token, params['recordingId'] ?? ''),
  seedSitting: (server, { body }) => server.seedSitting(body),
};

interface RouteMatch {
  readonly name: RouteName;
  readonly params: Record<string, string>;
}

/** The contract's routes as patterns over the path after API_PREFIX. */
const PATTERNS = (Object.keys(routes) as RouteName[]).map((name) => {
  const names: string[] = [];
  const source = routes[name].path.replace(/:(\w+)/g, (_, param: string) => {
    names.push(param);
    return '([^/]+)';
  });
  return { name, method: routes[name].method as string, pattern: new RegExp(`^${source}$`), names };
});

function match(method: string, path: string): RouteMatch | null {
  for (const route of PATTERNS) {
    const found = route.method === method ? route.pattern.exec(path) : null;
    if (found) return { name: route.name, params: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(found[i + 1]!)])) };
  }
  return null;
}

function json(status: number, body: unknown): Response {
  if (body === undefined) return new Response(null, { status });
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export interface MemoryTarget extends ContractTarget {
  readonly backend: MemoryExamBackend;
  close(): Promise<void>;
}

/** The in-memory backend with the sample exam (`exam-demo`) as a contract target, on a clock only the dev control moves. */
export function createMemoryTarget(baseUrl = 'http://examroom.memory.test'): MemoryTarget {
  let serverTime = Date.now();
  const backend = createMemoryExamBackend(sampleFixture(serverTime + 20 * 60_000), { now: () => serverTime });
  const handlers: Partial<Record<RouteName, Handler>> = {
    ...HANDLERS,
    setClock: (server, { body }) => {
      serverTime = body.now;
      return { serverTime: server.now() };
    },
  };

  async function respond(request: Request): Promise<Response> {
    const acceptLanguage = request.headers.get('accept-language');
    try {
      const url = new URL(request.url);
      const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : '';
      const route = url.origin === baseUrl ? match(request.method, path) : null;
      const handler = route ? handlers[route.name] : undefined;
      if (!route || !handler) throw new ExamError(ErrorCode.NOT_FOUND);
      const token = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? null;
      // An upload route's body is a file (the face checks' JPEG), handed on as a Blob; every other body is JSON.
      const upload = 'upload' in routes[route.name];
      const text = upload ? '' : await request.text();
      const body = upload ? new Blob([await request.arrayBuffer()], { type: request.headers.get('content-type') ?? '' }) : text ? JSON.parse(text) : undefined;
      const result = handler(backend.server, { token, params: route.params, body });
      return json(routes[route.name].status, routes[route.name].status === 204 ? undefined : result);
    } catch (error) {
      const code = errorCodeOf(error);
      const details = error instanceof ExamError ? error.details : {};
      return json(statusOf(code), errorBodyOf(code, acceptLanguage, details));
    }
  }

  return {
    baseUrl,
    backend,
    fetch: (input, init) => respond(new Request(input, init)),
    close: async () => undefined,
  };
}
