/**
 * Sessions and authentication: password, face and supervisor logins under the login throttle, one live session per
 * candidate (R6), logout, heartbeat, and the bearer token's session for every other call. Every session ends: a
 * candidate's and a phone's at the evidence deadline of the sitting, a supervisor's 12 hours after its last use; a
 * finished candidate keeps only the routes that complete the uploads (ROUTES_AFTER_FINISH).
 */
import { sampleUploads } from './upload-health.js';
import {
  ErrorCode,
  PHONE_SILENT_AFTER_MS,
  assertAllowed,
  candidateSessionExpiresAt,
  finishedRefusal,
  isSessionAlive,
  loginRefusal,
  normalizeIdNumber,
  sessionExpiryRefusal,
  supervisorSessionExpiresAt,
  takeoverRefusal,
  timedOut,
} from '@examroom/core';
import { ROUTES_AFTER_FINISH, routes, type RouteName } from '@examroom/adapters/rest';
import type * as C from '@examroom/adapters/rest';
import type { Principal } from '../dispatcher.types.js';
import { keepDemoSittingOpen } from '../demo-fixture.js';
import type { CallerInfo, ExamDomain } from '../exam-domain.types.js';
import type { CandidateRow, SessionRole, SessionRow } from '../repository.js';
import { AttemptCounter, LOGIN_THROTTLE, LoginDelays, type AttemptKeys } from './attempts.js';
import { recordAudit } from './audit.js';
import { assertRole, contextOf, emitEvidenceStatus, fail, scheduleFor, type DomainContext, type DomainServices } from './context.js';
import { assertFaceLoginOffered, decodeImage, enrolledDescriptor, faceLoginParts, issueFaceChallenge, readyVerifier, takeFaceChallenge } from './face-login.js';

export type SessionCalls = Pick<ExamDomain, 'authenticate' | 'checkSession' | 'loginWithPassword' | 'loginWithFace' | 'supervisorLogin' | 'logout' | 'heartbeat' | 'adminLogin' | 'faceChallenge'>;

/** A new session and its bearer token; only the token's hash is stored. */
export async function newSession(ctx: DomainContext, role: SessionRole, subjectId: string, deviceKey: string, now: number): Promise<C.SessionCreatedBody> {
  const token = ctx.crypto.randomToken();
  await ctx.repo.insertSession({
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

/**
 * Ends a session before its time (taken over, replaced by a new phone, logged out): its token answers SESSION_REVOKED
 * from now on, and its live sockets are told `reason` and close once the transaction commits.
 */
export async function revoke(ctx: DomainContext, session: SessionRow, now: number, reason: ErrorCode = ErrorCode.SESSION_REVOKED): Promise<void> {
  await ctx.repo.updateSession({ ...session, revokedAt: now });
  if (session.role === 'candidate') ctx.tx.statusChanged(session.subjectId);
  ctx.tx.sessionEnded({ sessionId: session.id, role: session.role, subjectId: session.subjectId, reason });
}

/** Where a session stands: SESSION_REVOKED or SESSION_EXPIRED when it ended, else when it ends and whether its candidate finished. */
async function standing(ctx: DomainContext, session: SessionRow, now: number): Promise<{ expiresAt: number; finishedAt: number | null }> {
  if (session.revokedAt !== null) fail(ErrorCode.SESSION_REVOKED);
  if (session.role === 'supervisor' || session.role === 'administrator') {
    // An administrator's session ends like a supervisor's, 12 hours after its last use.
    const subject = session.role === 'supervisor' ? await ctx.repo.getSupervisor(session.subjectId) : await ctx.repo.getAdministrator(session.subjectId);
    if (!subject) fail(ErrorCode.UNAUTHENTICATED);
    // A disabled supervisor's sessions were revoked when disabled; this only guards a row changed behind the domain.
    if ('disabledAt' in subject && subject.disabledAt !== undefined) fail(ErrorCode.SESSION_REVOKED);
    const expiresAt = supervisorSessionExpiresAt(session.lastSeenAt);
    assertAllowed(sessionExpiryRefusal(expiresAt, now));
    return { expiresAt, finishedAt: null };
  }
  // Only the schedule is needed here; the call itself settles lots when it reads the candidate.
  const candidate = (await ctx.repo.getCandidate(session.subjectId)) ?? fail(ErrorCode.UNAUTHENTICATED);
  const sitting = (await ctx.repo.getSitting(candidate.sittingId)) ?? fail(ErrorCode.UNAUTHENTICATED);
  const exam = (await ctx.repo.getExam(sitting.examId)) ?? fail(ErrorCode.UNAUTHENTICATED);
  const schedule = scheduleFor(exam, sitting, candidate);
  const expiresAt = candidateSessionExpiresAt(schedule);
  assertAllowed(sessionExpiryRefusal(expiresAt, now));
  // One still answering at the deadline is finished then (the call's own read records it): finished already here.
  return { expiresAt, finishedAt: timedOut(candidate, schedule, now).finishedAt };
}

/** Whether a finished candidate may still call a route: the public ones, and those that complete the uploads. */
function allowedAfterFinish(route: RouteName): boolean {
  const auth = routes[route].auth;
  return typeof auth === 'string' || !(auth as readonly string[]).includes('candidate') || ROUTES_AFTER_FINISH.includes(route);
}

/** R4, R21, R6: the login window, then one live session per candidate (the same device may reconnect). */
async function startCandidateSession(services: DomainServices, candidateId: string, deviceKey: string): Promise<C.SessionCreatedBody> {
  return services.run(async (ctx) => {
    if (ctx.options.demo) await keepDemoTakeable(ctx, candidateId);
    const { candidate, schedule, now } = await contextOf(ctx, candidateId, ErrorCode.INVALID_CREDENTIALS);
    assertAllowed(loginRefusal(schedule, now, candidate.enteredAt !== null));
    const open = (await ctx.repo.listSessions('candidate', candidate.id)).filter((s) => s.revokedAt === null);
    assertAllowed(takeoverRefusal(open, deviceKey, now));
    for (const session of open) await revoke(ctx, session, now);
    return newSession(ctx, 'candidate', candidate.id, deviceKey, now);
  });
}

async function keepDemoTakeable(ctx: DomainContext, candidateId: string): Promise<void> {
  const candidate = await ctx.repo.getCandidate(candidateId);
  if (candidate && (await keepDemoSittingOpen(ctx.repo, candidate, ctx.clock.now())) !== candidate) ctx.tx.statusChanged(candidateId);
}

/**
 * The session of a bearer token, its lastSeenAt refreshed (when at least `seenEveryMs` old); inside a call
 * (`services` a call's context), in its transaction.
 */
export async function authenticate(services: DomainServices, token: string | null, route?: RouteName, seenEveryMs = 0): Promise<Principal> {
  if (!token) fail(ErrorCode.UNAUTHENTICATED);
  return services.run(async (ctx) => {
    const session = (await ctx.repo.findSessionByTokenHash(ctx.crypto.hashToken(token))) ?? fail(ErrorCode.UNAUTHENTICATED);
    const now = ctx.clock.now();
    const { finishedAt } = await standing(ctx, session, now);
    if (session.role === 'candidate' && route !== undefined && !allowedAfterFinish(route)) assertAllowed(finishedRefusal(finishedAt));
    // A silence long enough to matter (the phone's, going offline) is always longer than seenEveryMs.
    if (now > session.lastSeenAt && now - session.lastSeenAt >= seenEveryMs) {
      // A phone heard again after a silence: the silence is settled first (an incident when it fell in the
      // interview), then the candidate's page and the supervisors learn the phone is back.
      const phoneBack = session.role === 'phone' && now - session.lastSeenAt >= PHONE_SILENT_AFTER_MS;
      if (phoneBack) await contextOf(ctx, session.subjectId, ErrorCode.UNAUTHENTICATED);
      await ctx.repo.updateSession({ ...session, lastSeenAt: now });
      if (phoneBack) await emitEvidenceStatus(ctx, (await ctx.repo.getCandidate(session.subjectId)) ?? fail(ErrorCode.UNAUTHENTICATED));
      // Back after a gap: the candidate is online again for the supervisors.
      if (session.role === 'candidate' && !isSessionAlive(session.lastSeenAt, now)) ctx.tx.statusChanged(session.subjectId);
    }
    return { role: session.role, sessionId: session.id, subjectId: session.subjectId };
  });
}

/** The session as it stands now, for a live socket's check: when it ends, or why it has ended. Uses nothing. */
async function checkSession(services: DomainServices, principal: Principal): Promise<{ expiresAt: number }> {
  return services.run(async (ctx) => {
    const session = (await ctx.repo.listSessions(principal.role, principal.subjectId)).find((s) => s.id === principal.sessionId) ?? fail(ErrorCode.UNAUTHENTICATED);
    return { expiresAt: (await standing(ctx, session, ctx.clock.now())).expiresAt };
  });
}

/** Logging out revokes the session at once; its live sockets close. */
async function logout(services: DomainServices, principal: Principal): Promise<void> {
  assertRole(principal, 'candidate', 'phone', 'supervisor');
  await services.run(async (ctx) => {
    const session = (await ctx.repo.listSessions(principal.role, principal.subjectId)).find((s) => s.id === principal.sessionId);
    if (!session || session.revokedAt !== null) return;
    await revoke(ctx, session, ctx.clock.now());
  });
}

type VerifyPassword = (password: string, hash: string | undefined) => Promise<boolean>;

/**
 * Checks a password against a stored hash; an unknown account (no hash) never passes, but costs the same time.
 * Hashing is asynchronous (scrypt on libuv's thread pool in the server), so a burst of logins does not stall the
 * event loop.
 */
function passwordVerifier(crypto: DomainServices['crypto']): VerifyPassword {
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
function throttleKeys(kind: 'candidate' | 'face' | 'supervisor' | 'administrator', subject: string, address: string, knownDevice: string | null): ThrottleKeys {
  if (knownDevice !== null) return { delay: `${kind}:${subject}#${knownDevice}`, address: [] };
  return { delay: `${kind}:${subject}@${address}`, address: [[`${kind}@${address}`, LOGIN_THROTTLE.addressFailures]] };
}

/**
 * Checks a password under the throttle: TOO_MANY_ATTEMPTS while the keys must wait, INVALID_CREDENTIALS (counted)
 * when wrong. The delay is charged before the hash is checked and forgotten when the password is right. The hash is
 * checked outside any transaction: it is slow on purpose, and nothing else should wait for it.
 */
async function checkPassword(services: DomainServices, throttle: Throttle, verify: VerifyPassword, keys: ThrottleKeys, password: string, hash: string | undefined): Promise<void> {
  await services.run(async (ctx) => {
    await throttle.addresses.check(ctx.repo, keys.address);
    await throttle.delays.begin(ctx.repo, keys.delay);
  });
  if (!(await verify(password, hash))) {
    await services.run((ctx) => throttle.addresses.fail(ctx.repo, keys.address));
    fail(ErrorCode.INVALID_CREDENTIALS);
  }
  await services.run((ctx) => throttle.delays.succeeded(ctx.repo, keys.delay));
}

/** The exam's candidate with this ID number, and the device key when the candidate has logged in from it before. */
async function candidateLoggingIn(services: DomainServices, examId: string, idNumberHash: string, deviceKey: string): Promise<{ candidate: CandidateRow | undefined; knownDevice: string | null }> {
  return services.run(async (ctx) => {
    if (!(await ctx.repo.getExam(examId))) fail(ErrorCode.EXAM_NOT_FOUND);
    // Looked up within the exam: a candidate of another exam is as unknown as a wrong ID number.
    const candidate = await ctx.repo.findCandidateByIdNumberHash(examId, idNumberHash);
    const knownDevice = candidate && (await ctx.repo.listSessions('candidate', candidate.id)).some((s) => s.deviceKey === deviceKey) ? deviceKey : null;
    return { candidate, knownDevice };
  });
}

async function loginWithPassword(services: DomainServices, throttle: Throttle, verify: VerifyPassword, body: C.PasswordLogin, caller: CallerInfo): Promise<C.SessionCreatedBody> {
  // By its keyed hash: the number itself is neither stored nor kept in the throttle's counters.
  const idNumberHash = services.crypto.idNumberHash(normalizeIdNumber(body.idNumber));
  const { candidate, knownDevice } = await candidateLoggingIn(services, body.examId, idNumberHash, body.deviceKey);
  const keys = throttleKeys('candidate', `${body.examId}/${idNumberHash}`, caller.ip, knownDevice);
  await checkPassword(services, throttle, verify, keys, body.password, candidate?.passwordHash);
  return startCandidateSession(services, candidate!.id, body.deviceKey);
}

/**
 * 人脸登录 (exam-domain/face-login.ts): the 身份证号 names the candidate, the frames captured during a liveness
 * challenge must each show their one face, like their enrolled photo, and together the challenge's action; then a
 * session as the password login makes it, under the same throttle (its own keys). A frame without one usable face
 * (FACE_NOT_DETECTED, FACE_SEVERAL_FACES) guesses nothing and is not counted: the page simply tries again.
 */
async function loginWithFace(services: DomainServices, throttle: Throttle, body: C.FaceLogin, caller: CallerInfo): Promise<C.SessionCreatedBody> {
  // The administrator may turn face login off for the exam: then it is unavailable, as without a verifier.
  await services.run((ctx) => assertFaceLoginOffered(ctx, body.examId));
  const { idNumber, challengeId, frames } = faceLoginParts(body);
  const verifier = readyVerifier(services);
  const images = frames.map((frame, i) => decodeImage(frame, `/frames/${i}`));
  const idNumberHash = services.crypto.idNumberHash(normalizeIdNumber(idNumber));
  const { candidate, knownDevice } = await candidateLoggingIn(services, body.examId, idNumberHash, body.deviceKey);
  const keys = throttleKeys('face', `${body.examId}/${idNumberHash}`, caller.ip, knownDevice);
  const challenge = await services.run(async (ctx) => {
    await throttle.addresses.check(ctx.repo, keys.address);
    await throttle.delays.check(ctx.repo, keys.delay);
    return takeFaceChallenge(ctx, body.examId, challengeId);
  });
  const refuse = async (code: ErrorCode): Promise<never> => {
    await services.run(async (ctx) => {
      await throttle.delays.fail(ctx.repo, keys.delay);
      await throttle.addresses.fail(ctx.repo, keys.address);
    });
    return fail(code);
  };
  // An unknown 身份证号 answers as one without a usable photo, and counts: neither tells which numbers exist.
  if (!candidate) return refuse(ErrorCode.FACE_NOT_ENROLLED);
  const enrolled = await enrolledDescriptor(services, verifier, candidate);
  const verdict = await verifier.verify({ frames: images, enrolled, action: challenge.action });
  if (!verdict.matched) await refuse(ErrorCode.FACE_NOT_MATCHED);
  if (!verdict.live) await refuse(ErrorCode.FACE_NOT_LIVE);
  await services.run((ctx) => throttle.delays.succeeded(ctx.repo, keys.delay));
  return startCandidateSession(services, candidate.id, body.deviceKey);
}

async function supervisorLogin(services: DomainServices, throttle: Throttle, verify: VerifyPassword, body: C.SupervisorLogin, caller: CallerInfo): Promise<C.SessionCreatedBody> {
  const found = await services.run((ctx) => ctx.repo.findSupervisorByUsername(body.username));
  // A disabled supervisor is as unknown as a wrong username (checked against the dummy hash, in the same time).
  const supervisor = found?.disabledAt === undefined ? found : undefined;
  // The supervisor's login sends no device key: per (username, address) and the address's budget.
  await checkPassword(services, throttle, verify, throttleKeys('supervisor', body.username, caller.ip, null), body.password, supervisor?.passwordHash);
  return services.run((ctx) => newSession(ctx, 'supervisor', supervisor!.id, '', ctx.clock.now()));
}

/** The administrator's login: the supervisors' throttle, its own keys; a one-time password logs in too (to change it). */
async function adminLogin(services: DomainServices, throttle: Throttle, verify: VerifyPassword, body: C.AdminLogin, caller: CallerInfo): Promise<C.SessionCreatedBody> {
  const administrator = await services.run((ctx) => ctx.repo.findAdministratorByUsername(body.username));
  await checkPassword(services, throttle, verify, throttleKeys('administrator', body.username, caller.ip, null), body.password, administrator?.passwordHash);
  return services.run(async (ctx) => {
    const now = ctx.clock.now();
    const session = await newSession(ctx, 'administrator', administrator!.id, '', now);
    await recordAudit(ctx, { role: 'administrator', id: administrator!.id, name: administrator!.username }, 'administrator.login', { type: 'administrator', id: administrator!.id }, { ip: caller.ip });
    return session;
  });
}

export function createSessionCalls(ctx: DomainServices): SessionCalls {
  const verify = passwordVerifier(ctx.crypto);
  const throttle: Throttle = { delays: new LoginDelays(ctx.clock), addresses: new AttemptCounter(ctx.clock, LOGIN_THROTTLE.addressWindowMs, 'address') };
  return {
    authenticate: (token, route) => authenticate(ctx, token, route),
    checkSession: (principal) => checkSession(ctx, principal),
    loginWithPassword: (body, caller) => loginWithPassword(ctx, throttle, verify, body, caller),
    loginWithFace: (body, caller) => loginWithFace(ctx, throttle, body, caller),
    faceChallenge: (body, caller) =>
      ctx.run(async (ctx) => {
        await assertFaceLoginOffered(ctx, body.examId);
        const verifier = readyVerifier(ctx);
        // An address out of face-login failures gets no more challenges either.
        await throttle.addresses.check(ctx.repo, throttleKeys('face', '', caller.ip, null).address);
        return issueFaceChallenge(ctx, body.examId, verifier.actions);
      }),
    supervisorLogin: (body, caller) => supervisorLogin(ctx, throttle, verify, body, caller),
    adminLogin: (body, caller) => adminLogin(ctx, throttle, verify, body, caller),
    logout: (principal) => logout(ctx, principal),
    async heartbeat(principal, body) {
      // authenticate() has already refreshed lastSeenAt.
      assertRole(principal, 'candidate', 'phone', 'supervisor');
      await sampleUploads(ctx, principal, body);
    },
  };
}
