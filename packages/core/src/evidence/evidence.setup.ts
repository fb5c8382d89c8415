/**
 * Everything evidenceMachine names: its types, actors, guards and actions. The state configs under stages/ refer to
 * these by name only, so every effect and condition of the phone's recorder is listed here once.
 */
import { assertEvent, assign, sendTo, setup } from 'xstate';
import { ErrorCode, errorCodeOf } from '../errors/error-codes.js';
import type { EvidenceStatus } from '../ports/exam-api.port.js';
import type { KeptPhoneSession } from '../ports/phone-api.port.js';
import type { PhonePorts } from '../ports/index.js';
import type { PhoneCapture, QrScan } from '../ports/phone-devices.port.js';
import { isPairingCode, normalizePairingCode, pairingCodeFrom } from '../rules/pairing-code.js';
import { isStorageLow } from '../rules/phone-device.js';
import { createEvidenceActors } from './evidence.actors.js';
import type { EvidenceContext, EvidenceEvent, EvidenceInput, EvidenceTag } from './evidence.types.js';

/** Ports that throw on use: evidenceMachine must be given real ones through createEvidenceActor or .provide(). */
const unprovidedPorts = new Proxy({} as PhonePorts, {
  get(_target, port) {
    throw new Error(`evidenceMachine: the ${String(port)} port is not provided; use createEvidenceActor({ ports })`);
  },
});

/** The output of the invoked actor whose onDone runs, as the params of a named action or guard. */
export const actorOutput = <T>({ event }: { readonly event: { readonly output: T } }): T => event.output;

type GuardArgs = { readonly context: EvidenceContext; readonly event: EvidenceEvent };
const errorOf = (event: unknown): ErrorCode => errorCodeOf((event as { error?: unknown }).error);
/** The answers that say this phone's session is over: nothing it sends will be accepted again. */
const SESSION_GONE: ReadonlySet<ErrorCode> = new Set([ErrorCode.SESSION_EXPIRED, ErrorCode.SESSION_REVOKED, ErrorCode.PHONE_REPLACED, ErrorCode.UNAUTHENTICATED]);

export const evidenceSetup = setup({
  types: {
    context: {} as EvidenceContext,
    events: {} as EvidenceEvent,
    input: {} as EvidenceInput,
    tags: {} as EvidenceTag,
  },
  actors: createEvidenceActors(unprovidedPorts),
  guards: {
    hasPairingCode: ({ context }: GuardArgs) => context.pairingCode !== null && context.pairingCode.trim() !== '',
    isTypedPairingCode: ({ event }: GuardArgs) => event.type === 'user.submitCode' && isPairingCode(event.code),
    isPairingQr: ({ event }: GuardArgs) => event.type === 'qr.read' && pairingCodeFrom(event.text) !== null,
    isSessionKept: (_: GuardArgs, kept: KeptPhoneSession | null) => kept !== null,
    isScanComplete: ({ event }: GuardArgs) => event.type === 'scan.progress' && event.progress.complete,
    isPushedUploaded: ({ event }: GuardArgs) => event.type === 'api.evidenceStatus' && event.status.state === 'uploaded',
    /** Pushed, or answered to a request: another phone paired in place of this one. */
    isPhoneReplaced: ({ event }: GuardArgs) =>
      (event.type === 'api.sessionRevoked' ? event.reason : errorOf(event)) === ErrorCode.PHONE_REPLACED,
    /** A request refused because the phone session ended (expired at the evidence deadline, revoked, unknown). */
    isSessionGone: ({ event }: GuardArgs) => SESSION_GONE.has(errorOf(event)),
    resumesRecording: ({ context }: GuardArgs) => context.kept?.reported === 'recording',
    resumesPlacing: ({ context }: GuardArgs) => context.kept?.reported === 'roomScanned',
    isUploaded: ({ context }: GuardArgs) => context.evidence?.state === 'uploaded',
  },
  actions: {
    clearError: assign({ error: null }),
    assignError: assign(({ event }) => ({ error: errorOf(event) })),
    assignErrorCode: assign((_, params: { code: ErrorCode }) => ({ error: params.code })),
    assignKept: assign(({ context }, kept: KeptPhoneSession | null) => ({ kept, facing: kept?.facing ?? context.facing })),
    /** Once the camera is open again, the kept state has told where to go on; later camera switches start over. */
    forgetKept: assign({ kept: null }),
    /** What the candidate typed replaces the URL's code (which may have been used already). */
    assignTypedCode: assign(({ event }) => {
      assertEvent(event, 'user.submitCode');
      return { pairingCode: normalizePairingCode(event.code) };
    }),
    assignScannedCode: assign(({ event }) => {
      assertEvent(event, 'qr.read');
      return { pairingCode: pairingCodeFrom(event.text) };
    }),
    assignQrScan: assign((_, qrScan: QrScan) => ({ qrScan })),
    stopQrScan: assign(({ context }) => {
      context.qrScan?.stop();
      return { qrScan: null };
    }),
    assignCapture: assign((_, capture: PhoneCapture) => ({ capture, facing: capture.facing })),
    switchFacing: assign(({ context }) => ({ facing: context.facing === 'rear' ? ('front' as const) : ('rear' as const) })),
    stopCapture: ({ context }) => context.capture?.stop(),
    assignScan: assign(({ event }) => {
      assertEvent(event, 'scan.progress');
      return { scan: event.progress };
    }),
    assignStatus: assign((_, status: EvidenceStatus) => ({ evidence: status })),
    assignPushedStatus: assign(({ event }) => {
      assertEvent(event, 'api.evidenceStatus');
      return { evidence: event.status };
    }),
    assignUploads: assign(({ event }) => {
      assertEvent(event, 'upload.progress');
      return { uploads: event.recordings };
    }),
    /** A store that refuses writes for lack of space is low on storage, whatever the last estimate said. */
    assignUploadError: assign(({ event }) => {
      assertEvent(event, 'upload.error');
      return event.code === ErrorCode.STORAGE_QUOTA_LOW ? { storageRefused: true } : { error: event.code };
    }),
    assignBattery: assign(({ event }) => {
      assertEvent(event, 'device.battery');
      return { battery: event.battery };
    }),
    assignStorage: assign(({ context, event }) => {
      assertEvent(event, 'device.storage');
      // An estimate with room again clears a refused write: uploads have freed space since.
      return { storage: event.estimate, storageRefused: context.storageRefused && (event.estimate === null || isStorageLow(event.estimate)) };
    }),
    assignWakeLock: assign(({ event }) => {
      assertEvent(event, 'device.wakeLock');
      return { wakeLockHeld: event.held };
    }),
    releaseWakeLockFlag: assign({ wakeLockHeld: false }),
    startRecorder: sendTo('recordings', ({ context }) => ({ type: 'record' as const, stream: context.capture!.stream })),
    stopRecorders: sendTo('recordings', { type: 'stopAll' as const }),
  },
});

export function initialEvidenceContext({ input }: { input: EvidenceInput }): EvidenceContext {
  return {
    // The link's code as the server compares it; a link that holds no code at all leaves the field empty.
    pairingCode: input.pairingCode ? pairingCodeFrom(input.pairingCode) ?? normalizePairingCode(input.pairingCode) : null,
    kept: null,
    // R10: the room is filmed with the front camera, so that the candidate is in shot as the phone turns.
    facing: 'front',
    capture: null,
    qrScan: null,
    scan: null,
    uploads: [],
    battery: null,
    storage: null,
    storageRefused: false,
    wakeLockHeld: false,
    evidence: null,
    error: null,
  };
}
