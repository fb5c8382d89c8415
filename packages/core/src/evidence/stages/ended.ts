/**
 * The ends of the phone's flow: the evidence is on the server (done), another phone took over with a new pairing
 * code (replaced), or the phone session ended — expired at the evidence deadline or revoked (expired). The kept
 * session is forgotten in each: a reload starts at pairing.
 */
import { evidenceSetup } from '../evidence.setup.js';
import { evidencePhaseOf, type EvidenceSnapshot } from '../evidence.view.js';

export const ended = evidenceSetup.createStateConfig({
  entry: 'stopCapture',
  invoke: { src: 'forgetSession' },
  initial: 'done',
  states: {
    done: { tags: 'ended:done' },
    replaced: { tags: 'ended:replaced' },
    expired: { tags: 'ended:expired' },
  },
});

export interface EndedView {
  readonly stage: 'ended';
  /** 「佐证视频已上传」, 「已在另一部手机上继续录制」, 「手机会话已结束」. */
  readonly phase: 'done' | 'replaced' | 'expired';
}

export function selectEndedView(snapshot: EvidenceSnapshot): EndedView {
  return { stage: 'ended', phase: evidencePhaseOf(snapshot, 'ended', ['done', 'replaced', 'expired'] as const) ?? 'done' };
}
