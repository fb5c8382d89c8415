/**
 * Recording: the phone fixed where it sees the desk, the screen, the surroundings and the candidate (live preview,
 * 「开始录制」), then continuous recording with the screen kept awake until 「结束录制」 after the interview, confirmed;
 * the queue uploads the rest and the server marks the evidence `uploaded` when the last part is complete.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import { isBatteryLow, isStorageLow } from '../../rules/phone-device.js';
import { evidenceSetup } from '../evidence.setup.js';
import { evidencePhaseOf, type EvidenceSnapshot } from '../evidence.view.js';
import { reportState } from './report.js';

export const recording = evidenceSetup.createStateConfig({
  initial: 'placing',
  states: {
    placing: {
      tags: 'recording:placing',
      on: { 'user.startRecording': 'active' },
    },
    active: {
      type: 'parallel',
      // The recording starts at once; the server hears of it meanwhile (the PC waits for 录制中 to go on).
      entry: 'startRecorder',
      invoke: [{ src: 'wakeLock' }, { src: 'deviceWatch' }, { src: 'publishLiveView', input: ({ context }) => ({ stream: context.capture?.stream ?? null }) }],
      exit: 'releaseWakeLockFlag',
      states: {
        report: reportState('recording', null, []),
        control: {
          initial: 'recording',
          states: {
            recording: {
              tags: 'recording:recording',
              on: { 'user.stopRecording': 'confirmingStop' },
            },
            confirmingStop: {
              tags: 'recording:confirmingStop',
              on: {
                'user.confirmStop': '#evidence.session.recording.stopping',
                'user.cancelStop': 'recording',
              },
            },
          },
        },
      },
    },
    stopping: {
      tags: 'recording:stopping',
      entry: 'stopRecorders',
      on: { 'upload.recordersStopped': 'reportingStopped' },
    },
    reportingStopped: reportState('stopped', '#evidence.session.recording.uploading', ['recording:stopping']),
    uploading: {
      tags: 'recording:uploading',
      always: { guard: 'isUploaded', target: '#evidence.ended.done' },
      on: {
        'api.evidenceStatus': [
          { guard: 'isPushedUploaded', target: '#evidence.ended.done', actions: 'assignPushedStatus' },
          { actions: 'assignPushedStatus' },
        ],
      },
    },
  },
});

export interface RecordingView {
  readonly stage: 'recording';
  /**
   * Fixing the phone (preview, 「开始录制」), recording (录制中), asking to confirm 「结束录制」, stopping the recorder,
   * or uploading the rest until the server has it all.
   */
  readonly phase: 'placing' | 'recording' | 'confirmingStop' | 'stopping' | 'uploading';
  readonly stream: MediaStream | null;
  /** 「录制中 · 已上传 x / y MB」: bytes stored on the phone and acknowledged by the server, every part of this page load. */
  readonly bytesRecorded: number;
  readonly bytesAcknowledged: number;
  /** The screen is kept awake; false where the browser has no Wake Lock API (tell the candidate to keep it on). */
  readonly wakeLockHeld: boolean;
  /** Below LOW_BATTERY_LEVEL and not charging: 「电量低，请连接充电器」. */
  readonly batteryLow: boolean;
  /** Little space left, or a chunk could not be stored: 「存储空间不足」. */
  readonly storageLow: boolean;
  /** The last error (an upload or report that did not get through; both are tried again). */
  readonly error: ErrorCode | null;
}

export function selectRecordingView(snapshot: EvidenceSnapshot): RecordingView {
  const { context } = snapshot;
  return {
    stage: 'recording',
    phase: evidencePhaseOf(snapshot, 'recording', ['placing', 'recording', 'confirmingStop', 'stopping', 'uploading'] as const) ?? 'placing',
    stream: context.capture?.stream ?? null,
    bytesRecorded: context.uploads.reduce((sum, part) => sum + part.bytesRecorded, 0),
    bytesAcknowledged: context.uploads.reduce((sum, part) => sum + part.bytesAcknowledged, 0),
    wakeLockHeld: context.wakeLockHeld,
    batteryLow: isBatteryLow(context.battery),
    storageLow: context.storageRefused || isStorageLow(context.storage),
    error: context.error,
  };
}
