/** 设备准备 (R3): the device checks and their view. */
import { ErrorCode } from '../../errors/error-codes.js';
import type { MediaDeviceOption } from '../../ports/media-devices.port.js';
import { allRequiredChecksPass } from '../exam.guards.js';
import * as inputs from '../exam.inputs.js';
import { actorOutput, examSetup } from '../exam.setup.js';
import { routing } from './resuming.js';
import type { DeviceCheckResult } from '../exam.types.js';
import type { ExamSnapshot } from '../exam.view.js';

export const checkingDevices = examSetup.createStateConfig({
  entry: { type: 'emitStage', params: { stage: 'checkingDevices' } },
  initial: 'claimingWindow',
  states: {
    /**
     * 不得多屏登录 within one browser (R6): this window first takes the exam's window lock. While another window or tab
     * of this browser has the exam, this one is refused before it reads the kept session, logs in, records or sends
     * anything, so the first window goes on untouched. Shown as the checks running: it takes a moment only.
     */
    claimingWindow: {
      tags: 'checkingDevices:running',
      on: {
        'window.claimed': { target: 'restoring', actions: 'startRecordings' },
        'window.heldElsewhere': { target: '#exam.barred.otherWindow', actions: { type: 'bar', params: { reason: ErrorCode.OPEN_IN_ANOTHER_WINDOW } } },
      },
    },
    /**
     * A session the adapter kept (a reload, or a browser restart within the token's life) goes straight back to where
     * the server's record says: the devices were checked before that login, and the stages after entry check what
     * they need themselves. Shown as the checks running, since it takes a moment only.
     */
    restoring: {
      tags: 'checkingDevices:running',
      invoke: {
        src: 'loadMe',
        onDone: [
          { guard: { type: 'isSessionOfThisExam', params: actorOutput }, target: 'routing', actions: { type: 'assignMe', params: actorOutput } },
          { target: 'running' },
        ],
        onError: { target: 'running' },
      },
    },
    routing,
    running: {
      tags: 'checkingDevices:running',
      invoke: {
        src: 'runDeviceChecks',
        input: inputs.chosenDevices,
        onDone: { target: 'reviewing', actions: { type: 'assignChecks', params: actorOutput } },
        onError: { target: 'reviewing', actions: 'assignError' },
      },
    },
    /** Passed or failed is the checks' outcome, not a state: see CHECKING_DEVICES_FACETS. */
    reviewing: {
      on: {
        'user.recheck': { target: 'running', actions: 'clearError' },
        // R7: another camera instead of a virtual or filter one; the checks run again with it.
        'user.selectCamera': { target: 'running', actions: ['selectCamera', 'clearError'] },
        'user.continue': { guard: 'allRequiredChecksPass', target: '#exam.login' },
      },
    },
  },
});

export type CheckingDevicesView = {
  /** Which stage this view is of. */
  readonly stage: 'checkingDevices';
  /** The checks are running; the list shows their last results. */
  readonly running: boolean;
  /** One row per check, in the order run. */
  readonly checks: readonly DeviceCheckResult[];
  /** Every required check passed. */
  readonly canContinue: boolean;
  /** 「重新检测」 enabled. */
  readonly canRecheck: boolean;
  /** Why the checks could not run at all; a failed check carries its own error. */
  readonly error: ErrorCode | null;
  /** The cameras found, to choose another when the camera check warns of a virtual or filter camera (R7). */
  readonly cameras: readonly MediaDeviceOption[];
  /** The camera checked. */
  readonly cameraId: string | null;
  /**
   * 「选择其他摄像头」 is shown: the camera check warns of a virtual or filter camera (R7), or the camera chosen is gone
   * or busy, and cameras are known to choose from.
   */
  readonly offerCameras: boolean;
};

/** Camera errors another camera may cure (a refused permission is the browser's, for every camera alike). */
const CURED_BY_ANOTHER_CAMERA: ReadonlySet<ErrorCode> = new Set<ErrorCode>([ErrorCode.VIRTUAL_CAMERA, ErrorCode.CAMERA_NOT_FOUND, ErrorCode.MEDIA_DEVICE_BUSY]);

export function selectCheckingDevicesView(snapshot: ExamSnapshot): CheckingDevicesView {
  const { context } = snapshot;
  const reviewing = !snapshot.hasTag('checkingDevices:running');
  return {
    stage: 'checkingDevices',
    running: !reviewing,
    checks: context.checks,
    canContinue: reviewing && allRequiredChecksPass({ context }),
    canRecheck: reviewing,
    error: context.error,
    cameras: context.devices.cameras,
    cameraId: context.cameraId,
    offerCameras: context.devices.cameras.length > 0 && context.checks.some((check) => check.id === 'camera' && check.error !== undefined && CURED_BY_ANOTHER_CAMERA.has(check.error)),
  };
}

/** View states that come from the checks' outcome rather than from a state's tag. */
const facets = { passed: 'checkingDevices:passed', failed: 'checkingDevices:failed' } as const;

export const CHECKING_DEVICES_FACETS: readonly string[] = Object.values(facets);

export function checkingDevicesViewStateKeys(view: CheckingDevicesView): string[] {
  return [view.running ? 'checkingDevices:running' : view.canContinue ? facets.passed : facets.failed];
}
