/** 设备确认 (R16): 刷新设备, choose camera and microphone, preview and volume; and its view. */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { MediaDeviceOption } from '../../ports/media-devices.port.js';
import * as inputs from '../exam.inputs.js';
import { actorOutput, examSetup } from '../exam.setup.js';
import type { ExamSnapshot, PreviewView } from '../exam.view.js';
import { phaseOf, selectPreview } from '../exam.view.js';
import { chosenCameraIsVirtual } from '../exam.virtual-camera.js';
import { saveProgress } from './save-progress.js';

export const confirmingDevices = examSetup.createStateConfig({
  entry: { type: 'emitStage', params: { stage: 'confirmingDevices' } },
  invoke: [saveProgress('confirmingDevices'), { src: 'watchDevices' }],
  initial: 'listing',
  on: {
    'media.devicesChanged': { target: '.listing' },
    'user.refreshDevices': { target: '.listing', actions: 'clearError' },
    'user.selectCamera': { target: '.opening', actions: ['selectCamera', 'clearError'] },
    'user.selectMicrophone': { target: '.opening', actions: ['selectMicrophone', 'clearError'] },
  },
  states: {
    listing: {
      tags: 'confirmingDevices:listing',
      invoke: {
        src: 'listDevices',
        onDone: { target: 'opening', actions: { type: 'assignDevices', params: actorOutput } },
        onError: { target: 'failed', actions: 'assignError' },
      },
    },
    opening: {
      tags: 'confirmingDevices:opening',
      entry: 'releaseCapture',
      invoke: {
        src: 'openCamera',
        input: inputs.chosenDevices,
        onDone: { target: 'ready', actions: { type: 'assignOpenedDevices', params: actorOutput } },
        onError: { target: 'failed', actions: 'assignError' },
      },
    },
    ready: {
      tags: 'confirmingDevices:ready',
      invoke: { src: 'watchVolume', input: inputs.capture },
      initial: 'idle',
      states: {
        idle: {
          on: { 'user.continue': { target: 'confirming', actions: 'clearError' } },
        },
        // The server records 设备确认 with its time (R16) before the candidate goes on; a failure shows and may be retried.
        confirming: {
          invoke: {
            src: 'confirm',
            input: inputs.deviceConfirmation,
            onDone: { target: '#exam.confirmingInfo', actions: { type: 'assignProgress', params: actorOutput } },
            onError: [
              { guard: 'isVirtualCameraRefused', target: 'awaitingWaiver', actions: ['raiseVirtualCamera', 'assignError'] },
              { target: 'idle', actions: 'assignError' },
            ],
          },
        },
        /**
         * R7: the server refused the virtual or filter camera. Another camera (the selectors above) or a supervisor's
         * waiver, pushed live, lets the candidate go on; 「下一步」 asks again, in case the push was missed.
         */
        awaitingWaiver: {
          tags: 'confirmingDevices:awaitingWaiver',
          on: {
            'api.virtualCameraWaived': { target: 'confirming', actions: 'clearError' },
            'user.continue': { target: 'confirming' },
          },
        },
      },
    },
    failed: {
      tags: 'confirmingDevices:failed',
    },
  },
});

export interface ConfirmingDevicesView {
  /** Which stage this view is of. */
  readonly stage: 'confirmingDevices';
  /**
   * Listing devices, opening the chosen ones, showing them, a device failed, or the server refused the virtual or
   * filter camera and a supervisor's waiver (or another camera) is awaited (R7).
   */
  readonly phase: 'listing' | 'opening' | 'ready' | 'failed' | 'awaitingWaiver';
  /** The cameras to choose from. */
  readonly cameras: readonly MediaDeviceOption[];
  /** The microphones to choose from. */
  readonly microphones: readonly MediaDeviceOption[];
  /** The chosen camera. */
  readonly cameraId: string | null;
  /** The chosen microphone. */
  readonly microphoneId: string | null;
  /** The chosen devices, live. */
  readonly preview: PreviewView;
  /** The chosen devices are open. */
  readonly canContinue: boolean;
  /** Why listing or opening the devices failed. */
  readonly error: ErrorCode | null;
  /** The chosen camera is a virtual or filter camera by its label (R7): a warning until another is chosen or it is waived. */
  readonly virtualCamera: boolean;
}

export function selectConfirmingDevicesView(snapshot: ExamSnapshot): ConfirmingDevicesView {
  const { context } = snapshot;
  const phase = phaseOf(snapshot, 'confirmingDevices', ['listing', 'opening', 'awaitingWaiver', 'ready', 'failed'] as const) ?? 'listing';
  return {
    stage: 'confirmingDevices',
    phase,
    cameras: context.devices.cameras,
    microphones: context.devices.microphones,
    cameraId: context.cameraId,
    microphoneId: context.microphoneId,
    preview: selectPreview(snapshot),
    canContinue: phase === 'ready' || phase === 'awaitingWaiver',
    error: context.error,
    virtualCamera: chosenCameraIsVirtual(context),
  };
}

export function confirmingDevicesViewStateKeys(view: ConfirmingDevicesView): string[] {
  return [`confirmingDevices:${view.phase}`];
}
