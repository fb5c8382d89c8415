/** The phone's view models: which stage the snapshot is in and what its view shows. */
import type { EvidenceTag } from './evidence.types.js';
import type { EvidenceSnapshot, EvidenceStage } from './evidence.view.js';
import { selectCameraView, type CameraView } from './stages/camera.js';
import { selectEndedView, type EndedView } from './stages/ended.js';
import { selectPairingView, type PairingView } from './stages/pairing.js';
import { selectRecordingView, type RecordingView } from './stages/recording.js';
import { selectScanningView, type ScanningView } from './stages/scanning.js';

export type { CameraView, EndedView, PairingView, RecordingView, ScanningView };
export type { EvidenceSnapshot, EvidenceStage };

export type EvidenceView = PairingView | CameraView | ScanningView | RecordingView | EndedView;

/** The stage shown; `starting` (reading the kept session, a moment) shows as pairing's wait. */
export function selectEvidenceStage(snapshot: EvidenceSnapshot): EvidenceStage {
  if (snapshot.matches('ended')) return 'ended';
  if (snapshot.matches({ session: 'camera' })) return 'camera';
  if (snapshot.matches({ session: 'scanning' })) return 'scanning';
  if (snapshot.matches({ session: 'recording' })) return 'recording';
  return 'pairing';
}

export function selectEvidenceView(snapshot: EvidenceSnapshot): EvidenceView {
  switch (selectEvidenceStage(snapshot)) {
    case 'camera':
      return selectCameraView(snapshot);
    case 'scanning':
      return selectScanningView(snapshot);
    case 'recording':
      return selectRecordingView(snapshot);
    case 'ended':
      return selectEndedView(snapshot);
    default:
      return selectPairingView(snapshot);
  }
}

/**
 * Every view state of the phone's flow, one tag each: what the elements need a fixture and a story for. The test
 * walks the machine and proves these are exactly its tags.
 */
export const EVIDENCE_VIEW_STATES = [
  'pairing:starting',
  'pairing:entering',
  'pairing:scanning',
  'pairing:submitting',
  'camera:requesting',
  'camera:refused',
  'camera:choosing',
  'scanning:turning',
  'scanning:reporting',
  'recording:placing',
  'recording:recording',
  'recording:confirmingStop',
  'recording:stopping',
  'recording:uploading',
  'ended:done',
  'ended:replaced',
  'ended:expired',
] as const satisfies readonly EvidenceTag[];
