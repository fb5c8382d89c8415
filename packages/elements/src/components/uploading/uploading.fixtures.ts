/** View models of 视频上传 for tests and stories, one per state the stage can show. */
import type { UploadingView } from '@examroom/core';

const MB = 1024 * 1024;

type Recording = UploadingView['recordings'][number];

function recording(kind: Recording['kind'], recorded: number, acknowledged: number, state: Recording['state'], percent: number): Recording {
  return {
    recordingId: `rec-${kind}`,
    kind,
    bytesRecorded: recorded,
    bytesAcknowledged: acknowledged,
    bytesPending: recorded - acknowledged,
    state,
    percent,
  };
}

export const uploadingViews = {
  /** Just after the end: the finish is being reported and the last chunks are on their way. */
  finishing: {
    stage: 'uploading',
    phase: 'sending',
    finishRecorded: false,
    recordings: [recording('camera', 60 * MB, 54 * MB, 'uploading', 90), recording('screen', 40 * MB, 40 * MB, 'recording', 99)],
    percent: 94,
    canRetry: false,
    uploadError: null,
  },
  sending: {
    stage: 'uploading',
    phase: 'sending',
    finishRecorded: true,
    recordings: [recording('camera', 60 * MB, 39 * MB, 'uploading', 65), recording('screen', 40 * MB, 40 * MB, 'done', 100)],
    percent: 79,
    canRetry: false,
    uploadError: null,
  },
  waitingForNetwork: {
    stage: 'uploading',
    phase: 'waitingForNetwork',
    finishRecorded: true,
    recordings: [
      { ...recording('camera', 60 * MB, 24 * MB, 'waitingForNetwork', 40), error: 'NETWORK_ERROR' },
      { ...recording('screen', 40 * MB, 30 * MB, 'waitingForNetwork', 75), error: 'NETWORK_ERROR' },
    ],
    percent: 54,
    canRetry: false,
    uploadError: null,
  },
  failed: {
    stage: 'uploading',
    phase: 'failed',
    finishRecorded: true,
    recordings: [{ ...recording('camera', 60 * MB, 30 * MB, 'failed', 50), error: 'UPLOAD_FAILED' }, recording('screen', 40 * MB, 40 * MB, 'done', 100)],
    percent: 70,
    canRetry: true,
    uploadError: 'UPLOAD_FAILED',
  },
  storageLow: {
    stage: 'uploading',
    phase: 'sending',
    finishRecorded: true,
    recordings: [recording('camera', 60 * MB, 12 * MB, 'uploading', 20), recording('screen', 40 * MB, 8 * MB, 'uploading', 20)],
    percent: 20,
    canRetry: false,
    uploadError: 'STORAGE_QUOTA_LOW',
  },
} satisfies Record<string, UploadingView>;
