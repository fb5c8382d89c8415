/** View models of the phone's recording stage (录制) for tests and stories, one per state it can show. */
import type { RecordingView } from '@examroom/core';

/** Whole bytes of `mb` megabytes (1 MB = 1024 × 1024 bytes, as the status line counts them). */
const mb = (megabytes: number) => Math.round(megabytes * 1024 * 1024);

const recording = {
  stage: 'recording',
  phase: 'recording',
  stream: null,
  bytesRecorded: mb(12.46),
  bytesAcknowledged: mb(11.85),
  wakeLockHeld: true,
  batteryLow: false,
  storageLow: false,
  error: null,
} satisfies RecordingView;

export const recordingViews = {
  placing: { ...recording, phase: 'placing', bytesRecorded: 0, bytesAcknowledged: 0, wakeLockHeld: false },
  recording,
  warnings: { ...recording, wakeLockHeld: false, batteryLow: true, storageLow: true },
  offline: { ...recording, bytesAcknowledged: mb(3.25), error: 'NETWORK_ERROR' },
  confirmingStop: { ...recording, phase: 'confirmingStop' },
  stopping: { ...recording, phase: 'stopping', wakeLockHeld: false },
  uploading: { ...recording, phase: 'uploading', bytesRecorded: mb(130.04), bytesAcknowledged: mb(96.55), wakeLockHeld: false },
} satisfies Record<string, RecordingView>;
