/**
 * Model-based coverage of examMachine with @xstate/graph. The graph is explored with pure transitions from every
 * event the outside world can send (user, clock, api, media, upload, net, integrity) and from every outcome of each
 * running actor (its outputs and error codes). Each shortest path is then replayed on a live actor whose side-effect
 * actors are inert stand-ins, so the outcomes come only from the path's events; the replay must visit the same
 * states, and the transitions it takes (eventless ones included, seen through inspection) must cover every
 * transition of the machine. A state or transition that no path reaches fails the test.
 */
import { getAdjacencyMap, getShortestPaths, getStateNodes } from '@xstate/graph';
import { createActor, fromCallback, type ActorLogic, type AnyTransitionDefinition, type EventObject, type StateValue } from 'xstate';
import { describe, expect, it } from 'vitest';
import { ErrorCode, ExamError } from '../errors/error-codes.js';
import type { ExamPorts } from '../ports/index.js';
import { scheduleOf } from '../rules/schedule.js';
import { INITIAL_PROGRESS, type Progress, type Resume } from '../rules/stages.js';
import { sampleFixture } from '../testing/memory-exam-backend.js';
import { fakeMediaStream } from '../testing/fake-devices.js';
import type { RecordingProgress } from '../streams/upload-queue.js';
import { FACE_ATTEMPTS_BEFORE_PASSWORD } from './exam.face-login.js';
import { createExamActors, type LoadedMe } from './exam.actors.js';
import { examMachine } from './exam.machine.js';
import { selectView, viewStateKeys, VIEW_STATES } from './exam.selectors.js';
import type { DeviceCheckResult, ExamEvent } from './exam.types.js';

const START = Date.UTC(2026, 1, 28, 2, 0);
const fixture = sampleFixture(START);
const schedule = scheduleOf(fixture.exam.sittings[0]!);

// ---- the model: every side-effect actor is inert; the path's events say how each one ended ----

const actorNames = Object.keys(createExamActors({} as ExamPorts)) as (keyof ReturnType<typeof createExamActors>)[];
const inert = Object.fromEntries(actorNames.map((name) => [name, fromCallback(() => undefined)]));
const model = examMachine.provide({ actors: inert as never });
const input = { examId: fixture.exam.id, deviceKey: 'device-1' };

const progress = (patch: Partial<Progress>): Progress => ({ ...INITIAL_PROGRESS, ...patch });
const me = (resume: Resume, patch: Partial<Progress> = {}, requireEvidence = true): LoadedMe => ({
  me: {
    candidate: fixture.candidates[0]!.candidate,
    exam: fixture.exam,
    sitting: fixture.exam.sittings[0]!,
    progress: progress(patch),
  },
  schedule: { ...schedule, policy: { ...schedule.policy, requireEvidence } },
  resume,
  helpMessages: [],
  evidence: null,
});
const capture = { stream: fakeMediaStream('cam'), cameraId: 'cam-1', microphoneId: 'mic-1', ended: { subscribe: () => ({ unsubscribe() {} }) }, stop() {} };
const share = (surface: string) => ({ stream: fakeMediaStream('screen'), surface, ended: { subscribe: () => ({ unsubscribe() {} }) }, stop() {} });
const passing: DeviceCheckResult[] = (['camera', 'microphone', 'recording', 'screenCapture', 'storage', 'network', 'battery', 'display'] as const).map((id) => ({ id, status: 'pass' }));
const failing: DeviceCheckResult[] = passing.map((c) => (c.id === 'camera' ? { id: 'camera', status: 'fail', error: ErrorCode.CAMERA_NOT_FOUND } : c));
const recording = (state: RecordingProgress['state']): RecordingProgress => ({ recordingId: 'rec-1', kind: 'camera', bytesRecorded: 10, bytesAcknowledged: state === 'done' ? 10 : 0, bytesPending: state === 'done' ? 0 : 10, state });

/** How each actor can end: outputs and error codes. */
const outcomes: Record<string, { outputs?: unknown[]; errors?: ErrorCode[] }> = {
  runDeviceChecks: {
    outputs: [
      { checks: passing, devices: { cameras: [{ id: 'cam-1', kind: 'camera', label: 'Camera' }], microphones: [] }, cameraId: 'cam-1' },
      { checks: failing, devices: null, cameraId: null },
    ],
    errors: [ErrorCode.INTERNAL_ERROR],
  },
  loadExam: {
    outputs: [
      { exam: fixture.exam, loginOpensAt: schedule.loginOpensAt },
      // An exam whose policy turns 人脸登录 off: 普通登录 only.
      { exam: { ...fixture.exam, policy: { ...fixture.exam.policy, faceLogin: false } }, loginOpensAt: schedule.loginOpensAt },
    ],
    errors: [ErrorCode.EXAM_NOT_FOUND],
  },
  loadMe: {
    outputs: [
      me({ kind: 'stage', stage: 'readingProcess' }),
      me({ kind: 'stage', stage: 'bindingEvidence' }, { stage: 'bindingEvidence' }, false),
      me({ kind: 'stage', stage: 'drawingLot' }, { stage: 'drawingLot' }),
      me({ kind: 'stage', stage: 'awaitingEntry' }, { stage: 'awaitingEntry', lot: 1 }),
      ...(['confirmingDevices', 'confirmingInfo', 'readingPledge', 'countdown', 'answering'] as const).map((stage) =>
        me({ kind: 'stage', stage }, { stage, lot: 1, enteredAt: START - 60_000 }),
      ),
      { ...me({ kind: 'stage', stage: 'readingProcess' }), me: { ...me({ kind: 'stage', stage: 'readingProcess' }).me, exam: { ...fixture.exam, id: 'another-exam' } } },
      me({ kind: 'stage', stage: 'uploading' }, { stage: 'finished', lot: 1, enteredAt: START - 60_000, finishedAt: START + 60_000, finishReason: 'endedEarly' }),
      me({ kind: 'barred', reason: ErrorCode.LATE_ENTRY_CLOSED }),
    ],
    errors: [ErrorCode.UNAUTHENTICATED],
  },
  openCamera: { outputs: [capture], errors: [ErrorCode.CAMERA_PERMISSION_DENIED] },
  createFaceChallenge: { outputs: [{ challengeId: 'ch-1', action: 'turnLeft', expiresAt: START }], errors: [ErrorCode.FACE_LOGIN_UNAVAILABLE, ErrorCode.FACE_LOGIN_STARTING, ErrorCode.NETWORK_ERROR] },
  captureFaceFrames: { outputs: [[new Blob(['a']), new Blob(['b'])]], errors: [ErrorCode.CAMERA_NOT_FOUND] },
  loginWithFaceFrames: {
    outputs: [undefined],
    errors: [
      ErrorCode.FACE_NOT_MATCHED,
      ErrorCode.FACE_LOGIN_STARTING,
      ErrorCode.FACE_NOT_LIVE,
      ErrorCode.FACE_NOT_ENROLLED,
      ErrorCode.FACE_CHALLENGE_EXPIRED,
      ErrorCode.ALREADY_ACTIVE_ELSEWHERE,
      ErrorCode.LOGIN_NOT_OPEN,
      ErrorCode.LATE_ENTRY_CLOSED,
      ErrorCode.FACE_LOGIN_UNAVAILABLE,
    ],
  },
  loginWithPassword: {
    outputs: [undefined],
    errors: [ErrorCode.INVALID_CREDENTIALS, ErrorCode.ALREADY_ACTIVE_ELSEWHERE, ErrorCode.LOGIN_NOT_OPEN, ErrorCode.LOGIN_CLOSED],
  },
  saveProgress: { outputs: [progress({ stage: 'bindingEvidence' })], errors: [ErrorCode.NETWORK_ERROR] },
  createPairing: {
    outputs: [
      { pairing: { code: 'ABCDEFGH', url: 'https://examroom.test/phone#code=ABCDEFGH', expiresAt: START }, evidence: { state: 'waitingForPhone', updatedAt: START } },
      { pairing: { code: 'JKMNPQRS', url: 'https://examroom.test/phone#code=JKMNPQRS', expiresAt: START }, evidence: { state: 'recording', updatedAt: START } },
    ],
    errors: [ErrorCode.NETWORK_ERROR],
  },
  drawLot: { outputs: [progress({ stage: 'drawingLot', lot: 1 })], errors: [ErrorCode.LOT_UNAVAILABLE] },
  resyncClock: { outputs: [undefined], errors: [ErrorCode.NETWORK_ERROR] },
  checkDisplay: { outputs: [true, false], errors: [ErrorCode.INTERNAL_ERROR] },
  shareScreen: { outputs: [share('monitor'), share('window')], errors: [ErrorCode.SCREEN_SHARE_DENIED] },
  enter: {
    outputs: [progress({ stage: 'confirmingDevices', lot: 1, enteredAt: START - 60_000 })],
    errors: [ErrorCode.LATE_ENTRY_CLOSED, ErrorCode.ENTRY_NOT_OPEN, ErrorCode.NETWORK_ERROR],
  },
  confirm: { outputs: [progress({ stage: 'confirmingDevices', lot: 1, enteredAt: START - 60_000, devicesConfirmedAt: START - 50_000 })], errors: [ErrorCode.NETWORK_ERROR, ErrorCode.VIRTUAL_CAMERA] },
  listDevices: {
    outputs: [{ cameras: [{ id: 'cam-1', kind: 'camera', label: 'Camera' }], microphones: [{ id: 'mic-1', kind: 'microphone', label: 'Mic' }] }],
    errors: [ErrorCode.NETWORK_ERROR],
  },
  loadQuestions: { outputs: [[{ id: 'q1', order: 1, text: '题目' }]], errors: [ErrorCode.QUESTIONS_UNAVAILABLE] },
  sendHelp: { outputs: [{ id: 'm-1', from: 'candidate', text: '你好', at: START }], errors: [ErrorCode.NETWORK_ERROR, ErrorCode.RATE_LIMITED] },
  finishExam: { outputs: [progress({ stage: 'finished', enteredAt: START, finishedAt: START, finishReason: 'endedEarly' })], errors: [ErrorCode.NETWORK_ERROR, ErrorCode.SESSION_REVOKED] },
};

/** Events from outside the machine, whatever state it is in. */
const externalEvents: ExamEvent[] = [
  { type: 'user.recheck' },
  { type: 'user.continue' },
  { type: 'user.retry' },
  { type: 'user.usePassword' },
  { type: 'user.useFace' },
  { type: 'user.captureFace', idNumber: '110101200001010011' },
  { type: 'user.captureFace', idNumber: '1' },
  { type: 'user.submitPassword', idNumber: '110101200001010011', password: 'pw' },
  { type: 'user.submitPassword', idNumber: '1', password: '' },
  { type: 'user.refreshPairing' },
  { type: 'user.rebindPhone' },
  { type: 'user.closeRebinding' },
  { type: 'user.draw' },
  { type: 'user.refresh' },
  { type: 'user.enter' },
  { type: 'user.refreshDevices' },
  { type: 'user.selectCamera', deviceId: 'cam-2' },
  { type: 'user.selectMicrophone', deviceId: 'mic-2' },
  { type: 'user.confirmInfo' },
  { type: 'user.setPledgeAccepted', accepted: true },
  { type: 'user.setNoticeAccepted', accepted: true },
  { type: 'user.refreshQuestions' },
  { type: 'user.shareScreen' },
  { type: 'user.reopenCamera' },
  { type: 'user.openHelp' },
  { type: 'user.closeHelp' },
  { type: 'user.sendHelp', text: '摄像头没有画面' },
  { type: 'user.sendHelp', text: ' ' },
  { type: 'user.endExam' },
  { type: 'user.cancelEnd' },
  { type: 'user.confirmEnd' },
  { type: 'user.retryUpload' },
  { type: 'clock.loginOpened' },
  { type: 'clock.entryOpened' },
  { type: 'clock.entryClosed' },
  { type: 'clock.started' },
  { type: 'clock.deadlineReached' },
  { type: 'clock.retry' },
  { type: 'clock.pairingExpired' },
  { type: 'api.helpMessage', message: { id: 'm-2', from: 'supervisor', text: '请稍等', at: START } },
  { type: 'api.evidenceStatus', status: { state: 'recording', updatedAt: START } },
  { type: 'api.evidenceStatus', status: { state: 'phoneConnected', updatedAt: START, phoneReplacedAt: START } },
  { type: 'api.evidenceStatus', status: { state: 'uploaded', updatedAt: START } },
  { type: 'api.sessionRevoked', reason: ErrorCode.SESSION_REVOKED },
  // A supervisor's interventions: extra time, and the interview ended on the server.
  { type: 'api.scheduleChanged', schedule: (({ policy: _policy, ...instants }) => ({ ...instants, deadline: schedule.deadline + 5 * 60_000 }))(schedule) },
  { type: 'api.examFinished', progress: progress({ enteredAt: START - 60_000, finishedAt: START + 60_000, finishReason: 'endedBySupervisor' }) },
  // R7: a supervisor waived the candidate's virtual camera.
  { type: 'api.virtualCameraWaived' },
  { type: 'media.devicesChanged' },
  { type: 'media.volume', level: 0.5 },
  { type: 'media.cameraEnded', device: 'camera' },
  { type: 'media.screenEnded' },
  { type: 'upload.progress', recordings: [recording('uploading')] },
  { type: 'upload.progress', recordings: [recording('done')] },
  { type: 'upload.progress', recordings: [recording('failed')] },
  { type: 'upload.recordersStopped' },
  { type: 'upload.error', code: ErrorCode.STORAGE_QUOTA_LOW },
  { type: 'upload.error', code: ErrorCode.UPLOAD_FAILED },
  { type: 'net.offline' },
  { type: 'net.online' },
  { type: 'integrity.incident', incident: { id: 'i-1', kind: 'windowBlur', at: START } },
  { type: 'window.claimed' },
  { type: 'window.heldElsewhere' },
  { type: 'window.free' },
  { type: 'user.continueHere' },
  { type: 'face.detected', faces: [{ x: 0.3, y: 0.2, width: 0.4, height: 0.5 }] },
  { type: 'face.detectorFailed' },
];

type Snapshot = ReturnType<typeof model.getInitialSnapshot>;

/** Outcomes of the actors running in a snapshot, as the done/error events XState would deliver. */
function actorEvents(snapshot: Snapshot): EventObject[] {
  return Object.entries(snapshot.children).flatMap(([id, child]) => {
    const src = (child as { src?: unknown } | undefined)?.src;
    const outcome = typeof src === 'string' ? outcomes[src] : undefined;
    if (!outcome) return [];
    return [
      ...(outcome.outputs ?? []).map((output) => ({ type: `xstate.done.actor.${id}`, output, actorId: id })),
      ...(outcome.errors ?? []).map((code) => ({ type: `xstate.error.actor.${id}`, error: new ExamError(code), actorId: id })),
    ];
  });
}

/** The state value plus only the context that the current stage's guards read, so the graph stays small. */
function serialize(snapshot: Snapshot): string {
  const c = snapshot.context;
  const stage = typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value)[0];
  const entered = c.progress?.enteredAt != null;
  const guarded: Record<string, unknown[]> = {
    checkingDevices: [c.checks.some((check) => check.status === 'fail')],
    login: [c.loginMethod, Math.min(c.faceAttempts, FACE_ATTEMPTS_BEFORE_PASSWORD), c.exam?.policy.faceLogin],
    // Whether the code on screen was used (a push from 等待手机扫码 on), and whether the phone records.
    bindingEvidence: [c.requireEvidence, c.evidence?.state],
    awaitingEntry: [entered],
    // Where resuming returns to once the screen is shared again.
    resuming: [c.resume],
    readingPledge: [c.pledgeAccepted, c.noticeAccepted],
    countdown: [c.online],
    answering: [c.online],
    uploading: [c.online, c.recordersStopped, c.finishRecorded, c.recordings.map((r) => r.state).join()],
  };
  return JSON.stringify([snapshot.value, entered && c.finishReason === null, ...(guarded[stage!] ?? [])]);
}

const traversal = {
  input,
  events: (snapshot: Snapshot) => [...externalEvents, ...actorEvents(snapshot)] as ExamEvent[],
  serializeState: (snapshot: Snapshot) => serialize(snapshot),
};

/** Ids of every state node active in a state value, e.g. exam.answering.help.open.idle. */
function activeIds(value: StateValue, prefix = 'exam'): string[] {
  if (typeof value === 'string') return [`${prefix}.${value}`];
  return Object.entries(value).flatMap(([key, sub]) => [`${prefix}.${key}`, ...(sub ? activeIds(sub, `${prefix}.${key}`) : [])]);
}

function allTransitions(): AnyTransitionDefinition[] {
  return [model.root, ...getStateNodes(model.root)].flatMap((node) => [...[...node.transitions.values()].flat(), ...(node.always ?? [])]);
}

const describeTransition = (t: AnyTransitionDefinition) =>
  `${t.source.id} --${t.eventType || '(always)'}--> ${(t.target ?? []).map((n) => n.id).join(',') || '(self)'}${t.guard ? ` [${typeof t.guard === 'object' && 'type' in t.guard ? String(t.guard.type) : 'guard'}]` : ''}`;

interface TestPath {
  readonly steps: readonly { readonly event: EventObject; readonly state: Snapshot }[];
}

/**
 * The shortest path to every state of the graph, plus one path for each other way to leave a state: the shortest
 * path to a state where an event takes a transition to a state value not seen with that transition yet. (Eventless
 * transitions depend on where the event leads, hence the target value in the key.)
 */
function testPaths(): TestPath[] {
  const paths = getShortestPaths(model, traversal);
  // getAdjacencyMap's logic type does not carry emitted events; the machine is the same logic.
  const adjacency = getAdjacencyMap(model as unknown as ActorLogic<Snapshot, ExamEvent, typeof input>, traversal);
  const pathTo = new Map(paths.map((path) => [serialize(path.state), path]));
  const ids = new Map<AnyTransitionDefinition, number>();
  const keyOf = (taken: AnyTransitionDefinition[], from: Snapshot, next: Snapshot) => {
    const to = JSON.stringify(next.value);
    return `${taken.map((t) => ids.get(t) ?? ids.set(t, ids.size).get(t)).join()}|${to}|${to === JSON.stringify(from.value)}`;
  };
  const planned = new Set<string>();
  for (const path of paths) {
    for (const [i, step] of path.steps.entries()) {
      if (i > 0) planned.add(keyOf(model.getTransitionData(path.steps[i - 1]!.state, step.event as ExamEvent), path.steps[i - 1]!.state, step.state));
    }
  }
  const extra: TestPath[] = [];
  for (const [key, { state, transitions }] of Object.entries(adjacency)) {
    for (const { event, state: next } of Object.values(transitions) as { event: ExamEvent; state: Snapshot }[]) {
      const taken = model.getTransitionData(state, event);
      if (taken.length === 0) continue;
      const edge = keyOf(taken, state, next);
      if (planned.has(edge)) continue;
      planned.add(edge);
      extra.push({ steps: [...pathTo.get(key)!.steps, { event, state: next }] });
    }
  }
  return [...paths, ...extra];
}

/** Replays paths on live actors; returns the transitions taken and the state nodes entered, microsteps included. */
async function replay(paths: readonly TestPath[]) {
  const transitions = new Set<AnyTransitionDefinition>();
  const nodes = new Set<string>();
  const views = new Set<string>();
  const seeView = (snapshot: Snapshot) => viewStateKeys(selectView(snapshot)).forEach((key) => views.add(key));
  for (const path of paths) {
    const actor = createActor(model, {
      input,
      inspect: (event) => {
        if (event.type !== '@xstate.microstep') return;
        for (const t of (event as { _transitions: AnyTransitionDefinition[] })._transitions) transitions.add(t);
        for (const id of activeIds((event.snapshot as Snapshot).value)) nodes.add(id);
      },
    });
    actor.start();
    seeView(actor.getSnapshot());
    for (const step of path.steps.slice(1)) {
      actor.send(step.event as ExamEvent);
      await Promise.resolve();
      expect(actor.getSnapshot().value, `after ${step.event.type}`).toEqual(step.state.value);
      seeView(actor.getSnapshot());
    }
    actor.stop();
  }
  return { transitions, nodes, views };
}

describe('examMachine model', () => {
  const paths = testPaths();
  const replayed = replay(paths);

  it('explores a finite graph of the stages', () => {
    expect(paths.length).toBeGreaterThan(100);
  });

  it('reaches every state node on some path', async () => {
    const { nodes } = await replayed;
    const unreached = getStateNodes(model.root).map((node) => node.id).filter((id) => !nodes.has(id));
    expect(unreached).toEqual([]);
  });

  it('shows exactly the view states VIEW_STATES lists (what Storybook and the element tests must cover)', async () => {
    const { views } = await replayed;
    expect([...views].sort()).toEqual([...VIEW_STATES].sort());
  });

  it('takes every transition on some path', async () => {
    const { transitions } = await replayed;
    const missing = allTransitions().filter((t) => !transitions.has(t)).map(describeTransition);
    expect(missing).toEqual([]);
  });
});
