/**
 * The camera and microphone: asked for at once (the browser asks the candidate), with help when refused, then the
 * front camera by default (R10: 前置摄像头, the candidate in shot during the room scan) and a switch to the rear one.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { CameraFacing } from '../../ports/phone-devices.port.js';
import { actorOutput, evidenceSetup } from '../evidence.setup.js';
import { evidencePhaseOf, type EvidenceSnapshot } from '../evidence.view.js';

export const camera = evidenceSetup.createStateConfig({
  initial: 'requesting',
  states: {
    requesting: {
      tags: 'camera:requesting',
      invoke: {
        src: 'openCamera',
        input: ({ context }) => ({ facing: context.facing, previous: context.capture }),
        onDone: [
          // After a reload the kept session says how far the phone had come: recording goes on as the next part.
          { guard: 'resumesRecording', target: '#evidence.session.recording.active', actions: [{ type: 'assignCapture', params: actorOutput }, 'forgetKept'] },
          { guard: 'resumesPlacing', target: '#evidence.session.recording.placing', actions: [{ type: 'assignCapture', params: actorOutput }, 'forgetKept'] },
          { target: 'choosing', actions: [{ type: 'assignCapture', params: actorOutput }, 'forgetKept', 'clearError'] },
        ],
        onError: { target: 'refused', actions: 'assignError' },
      },
    },
    refused: {
      tags: 'camera:refused',
      on: { 'user.retry': { target: 'requesting', actions: 'clearError' } },
    },
    choosing: {
      tags: 'camera:choosing',
      on: {
        'user.switchCamera': { target: 'requesting', actions: 'switchFacing' },
        'user.continue': '#evidence.session.scanning',
      },
    },
  },
});

export interface CameraView {
  readonly stage: 'camera';
  /** Waiting for the browser's permission prompt, refused (help and 「重试」), or previewing to choose. */
  readonly phase: 'requesting' | 'refused' | 'choosing';
  /** The camera asked for or open. */
  readonly facing: CameraFacing;
  /** The live preview once open. */
  readonly stream: MediaStream | null;
  /** CAMERA_PERMISSION_DENIED (how to allow it in this browser), CAMERA_NOT_FOUND, MEDIA_DEVICE_BUSY… */
  readonly error: ErrorCode | null;
}

export function selectCameraView(snapshot: EvidenceSnapshot): CameraView {
  const { context } = snapshot;
  return {
    stage: 'camera',
    phase: evidencePhaseOf(snapshot, 'camera', ['requesting', 'refused', 'choosing'] as const) ?? 'requesting',
    facing: context.facing,
    stream: context.capture?.stream ?? null,
    error: context.error,
  };
}
