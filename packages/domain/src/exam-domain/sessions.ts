/**
 * Sessions and authentication: password, face and supervisor logins under the login throttle, one live session per
 * candidate (R6), logout, heartbeat, and the bearer token's session for every other call.
 */
import { ErrorCode, assertAllowed, isSessionAlive, loginRefusal, normalizeIdNumber, takeoverRefusal } from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import type { Principal } from '../dispatcher.types.js';
import type { CallerInfo, ExamDomain } from '../exam-domain.types.js';
import type { SessionRole, SessionRow } from '../repository.js';
import { AttemptCounter, LOGIN_THROTTLE, LoginDelays, type AttemptKeys } from './attempts.js';
import { assertRole, contextOf, fail, type DomainContext } from './context.js';

export type SessionCalls = Pick<ExamDomain, 'authenticate' | 'loginWithPassword' | 'loginWithFace' | 'supervisorLogin' | 'logout' | 'heartbeat'>;

/** A new session and its bearer token; only the token's hash is stored. */
export function newSession(ctx: DomainContext, role: SessionRole, subjectId: string, deviceKey: string, now: number): C.SessionCreatedBody {
  const token = ctx.crypto.randomToken();
  ctx.repo.insertSession({
    id: ctx.crypto.randomId('ses'),
    tokenHash: ctx.crypto.hashToken(token),
    role,
    subjectId,
    deviceKey,
    createdAt: now,
    lastSeenAt: now,
    revokedAt: null,
  });
  if (role === 'candidate') ctx.tx.statusChanged(subjectId);
  return { token, role };
}

/** Revokes a session taken over, telling only that session. */
function revoke(ctx: DomainContext, session: SessionRow, now: number): void {
  ctx.repo.updateSession({ ...session, revokedAt: now });
  ctx.tx.emit(
    { type: 'session.revoked', candidateId: session.subjectId, reason: ErrorCode.SESSION_REVOKED },
    { candidateId: session.subjectId, supervisors: false, sessionId: session.id },
  );
}

/** R4, R21, R6: the login window, then one live session per candidate (the same device may reconnect). */
function startCandidateSession(ctx: DomainContext, candidateId: string, deviceKey: string): C.SessionCreatedBody {
  return ctx.tx.run(() => {
    const { candidate, schedule, now } = contextOf(ctx, candidateId, ErrorCode.INVALID_CREDENTIALS);
    assertAllowed(loginRefusal(schedule, now, candidate.enteredAt !== null));
    const open = ctx.repo.listSessions('candidate', candidate.id).filter((s) => s.revokedAt === null);
    assertAllowed(takeoverRefusal(open, deviceKey, now));
    for (const session of open) revoke(ctx, session, now);
    return newSession(ctx, 'candidate', candidate.id, deviceKey, now);
  });
}

function authenticate(ctx: DomainContext, token: string | null): Principal {
  if (!token) fail(ErrorCode.UNAUTHENTICATED);
  return ctx.tx.run(() => {
    const session = ctx.repo.findSessionByTokenHash(ctx.crypto.hashToken(token)) ?? fail(ErrorCode.UNAUTHENTICATED);
    if (session.revokedAt !== null) fail(ErrorCode.SESSION_REVOKED);
    const now = ctx.clock.now();
    if (now > session.lastSeenAt) {
      ctx.repo.updateSession({ ...session, lastSeenAt: now });
      // Back after a gap: the candidate is online again for the supervisors.
      if (session.role === 'candidate' && !isSessionAlive(session.lastSeenAt, now)) ctx.tx.statusChanged(session.subjectId);
    }
    return { role: session.role, sessionId: session.id, subjectId: session.subjectId };
  });
}

function decodeImage(image: string): Uint8Array {
  const base64 = image.startsWith('data:') ? image.slice(image.indexOf(',') + 1) : image;
  try {
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  } catch {
    return fail(ErrorCode.VALIDATION_FAILED, { field: '/image' });
  }
}

function logout(ctx: DomainContext, principal: Principal): void {
  assertRole(principal, 'candidate', 'phone', 'supervisor');
  ctx.tx.run(() => {
    const session = ctx.repo.listSessions(principal.role, principal.subjectId).find((s) => s.id === principal.sessionId);
    if (!session || session.revokedAt !== null) return;
    ctx.repo.updateSession({ ...session, revokedAt: ctx.clock.now() });
    if (session.role === 'candidate') ctx.tx.statusChanged(session.subjectId);
  });
}

type VerifyPassword = (password: string, hash: string | undefined) => Promise<boolean>;

/**
 * Checks a password against a stored hash; an unknown account (no hash) never passes, but costs the same time.
 * Hashing is asynchronous (scrypt on libuv's thread pool in the server), so a burst of logins does not stall the
 * event loop.
 */
function passwordVerifier(crypto: DomainContext['crypto']): VerifyPassword {
  let dummyHash: Promise<string> | undefined;
  return async (password, hash) => {
    // Unknown accounts are checked against a dummy hash so that the time taken does not tell which ones exist.
    dummyHash ??= crypto.hashPassword(crypto.randomToken());
    const ok = await crypto.verifyPassword(password, hash ?? (await dummyHash));
    return ok && hash !== undefined;
  };
}

/** The login throttle's state: growing delays per (subject, address or device), failure budgets per address. */
interface Throttle {
  readonly delays: LoginDelays;
  readonly addresses: AttemptCounter;
}

interface ThrottleKeys {
  /** The key of the growing delay. */
  readonly delay: string;
  /** The address's failure budget, or none for a known device. */
  readonly address: AttemptKeys;
}

/**
 * The counters one password login is held by and counts against. From a device the subject has logged in with
 * before (a candidate's deviceKey seen in one of their sessions), only that device's own delay; from anywhere else,
 * the delay of the subject on this address and the address's failure budget. So neither an attacker's failures on
 * another address nor a spray from the candidate's own address keeps the candidate's device out.
 */
function throttleKeys(kind: 'candidate' | 'face' | 'supervisor', subject: string, address: string, knownDevice: string | null): ThrottleKeys {
  if (knownDevice !== null) return { delay: `${kind}:${subject}#${knownDevice}`, address: [] };
  return { delay: `${kind}:${subject}@${address}`, address: [[`${kind}@${address}`, LOGIN_THROTTLE.addressFailures]] };
}

/**
 * Checks a password under the throttle: TOO_MANY_ATTEMPTS while the keys must wait, INVALID_CREDENTIALS (counted)
 * when wrong. The delay is charged before the hash is checked and forgotten when the password is right.
 */
async function checkPassword(throttle: Throttle, verify: VerifyPassword, keys: ThrottleKeys, password: string, hash: string | undefined): Promise<void> {
  throttle.addresses.check(keys.address);
  throttle.delays.begin(keys.delay);
  if (!(await verify(password, hash))) {
    throttle.addresses.fail(keys.address);
    fail(ErrorCode.INVALID_CREDENTIALS);
  }
  throttle.delays.succeeded(keys.delay);
}

async function loginWithPassword(ctx: DomainContext, throttle: Throttle, verify: VerifyPassword, body: C.PasswordLogin, caller: CallerInfo): Promise<C.SessionCreatedBody> {
  const idNumber = normalizeIdNumber(body.idNumber);
  if (!ctx.repo.getExam(body.examId)) fail(ErrorCode.EXAM_NOT_FOUND);
  // Looked up within the exam: a candidate of another exam is as unknown as a wrong ID number.
  const candidate = ctx.repo.findCandidateByIdNumber(body.examId, idNumber);
  const knownDevice = candidate && ctx.repo.listSessions('candidate', candidate.id).some((s) => s.deviceKey === body.deviceKey) ? body.deviceKey : null;
  const keys = throttleKeys('candidate', `${body.examId}/${idNumber}`, caller.ip, knownDevice);
  await checkPassword(throttle, verify, keys, body.password, candidate?.passwordHash);
  return startCandidateSession(ctx, candidate!.id, body.deviceKey);
}

async function loginWithFace(ctx: DomainContext, throttle: Throttle, body: C.FaceLogin, caller: CallerInfo): Promise<C.SessionCreatedBody> {
  // A face names no subject: the device on its address has the growing delay, the address its failure budget.
  const keys = throttleKeys('face', body.deviceKey, caller.ip, null);
  throttle.addresses.check(keys.address);
  if (!ctx.repo.getExam(body.examId)) fail(ErrorCode.EXAM_NOT_FOUND);
  const verifier = ctx.options.faceVerifier ?? fail(ErrorCode.FACE_LOGIN_UNAVAILABLE);
  throttle.delays.check(keys.delay);
  // Counted only when a face was seen and not recognised: a frame without a face (FACE_NOT_DETECTED) guesses
  // nothing, and the page simply tries another frame.
  const match = await verifier.identify({ examId: body.examId, image: decodeImage(body.image) });
  const candidate = match ? ctx.repo.getCandidate(match.candidateId) : undefined;
  if (!candidate || candidate.examId !== body.examId) {
    throttle.delays.fail(keys.delay);
    throttle.addresses.fail(keys.address);
    fail(ErrorCode.FACE_NOT_MATCHED);
  }
  throttle.delays.succeeded(keys.delay);
  return startCandidateSession(ctx, candidate.id, body.deviceKey);
}

async function supervisorLogin(ctx: DomainContext, throttle: Throttle, verify: VerifyPassword, body: C.SupervisorLogin, caller: CallerInfo): Promise<C.SessionCreatedBody> {
  const supervisor = ctx.repo.findSupervisorByUsername(body.username);
  // The supervisor's login sends no device key: per (username, address) and the address's budget.
  await checkPassword(throttle, verify, throttleKeys('supervisor', body.username, caller.ip, null), body.password, supervisor?.passwordHash);
  return ctx.tx.run(() => newSession(ctx, 'supervisor', supervisor!.id, '', ctx.clock.now()));
}

export function createSessionCalls(ctx: DomainContext): SessionCalls {
  const verify = passwordVerifier(ctx.crypto);
  const throttle: Throttle = { delays: new LoginDelays(ctx.clock), addresses: new AttemptCounter(ctx.clock, LOGIN_THROTTLE.addressWindowMs) };
  return {
    authenticate: (token) => authenticate(ctx, token),
    loginWithPassword: (body, caller) => loginWithPassword(ctx, throttle, verify, body, caller),
    loginWithFace: (body, caller) => loginWithFace(ctx, throttle, body, caller),
    supervisorLogin: (body, caller) => supervisorLogin(ctx, throttle, verify, body, caller),
    logout: (principal) => logout(ctx, principal),
    heartbeat(principal) {
      // authenticate() has already refreshed lastSeenAt.
      assertRole(principal, 'candidate', 'phone', 'supervisor');
    },
  };
}
