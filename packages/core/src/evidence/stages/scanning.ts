/**
 * The 360° room scan with the candidate in shot: the compass headings must cover the circle, or the phone turns for
 * the minimum duration where the browser gives no orientation (rules/room-scan.ts). Done: 环拍完成 to the server.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { RoomScanMethod } from '../../rules/room-scan.js';
import { evidenceSetup } from '../evidence.setup.js';
import { evidencePhaseOf, type EvidenceSnapshot } from '../evidence.view.js';
import { reportState } from './report.js';

export const scanning = evidenceSetup.createStateConfig({
  initial: 'turning',
  states: {
    turning: {
      tags: 'scanning:turning',
      invoke: { src: 'roomScan' },
      on: {
        'scan.progress': [{ guard: 'isScanComplete', target: 'reporting', actions: 'assignScan' }, { actions: 'assignScan' }],
      },
    },
    reporting: reportState('roomScanned', '#evidence.session.recording.placing', ['scanning:reporting']),
  },
});

export interface ScanningView {
  readonly stage: 'scanning';
  /** Turning the phone, or telling the server the scan is done. */
  readonly phase: 'turning' | 'reporting';
  /** Checked by the compass, or by time where there is none (the hint differs: 「请缓慢转动一周」 / 「请缓慢转动一周，至少 30 秒」). */
  readonly method: RoomScanMethod;
  /** 0…1 for the progress ring. */
  readonly progress: number;
  /** The live preview. */
  readonly stream: MediaStream | null;
  /** A report that did not get through yet (tried again). */
  readonly error: ErrorCode | null;
}

export function selectScanningView(snapshot: EvidenceSnapshot): ScanningView {
  const { context } = snapshot;
  return {
    stage: 'scanning',
    phase: evidencePhaseOf(snapshot, 'scanning', ['turning', 'reporting'] as const) ?? 'turning',
    method: context.scan?.method ?? 'orientation',
    progress: context.scan?.fraction ?? 0,
    stream: context.capture?.stream ?? null,
    error: context.error,
  };
}
