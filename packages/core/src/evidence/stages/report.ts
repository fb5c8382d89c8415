/** Telling the server where the phone is, tried again while the network fails; a refused session ends the flow. */
import type { PhoneReportedState } from '../../ports/phone-api.port.js';
import { actorOutput, evidenceSetup } from '../evidence.setup.js';
import type { EvidenceTag } from '../evidence.types.js';

/** How long before a report that did not get through is sent again. */
export const REPORT_RETRY_MS = 2_000;

/**
 * A `sending ⇄ waiting` pair of states that reports `state`, then goes to `next` (an id path), or without `next`
 * rests in its own `reported` state (a report made beside something else, in a parallel region).
 */
export function reportState(state: PhoneReportedState, next: string | null, tags: EvidenceTag[]) {
  return evidenceSetup.createStateConfig({
    initial: 'sending',
    states: {
      ...(next === null ? { reported: {} } : {}),
      sending: {
        tags,
        invoke: {
          src: 'report',
          input: ({ context }) => ({
            state,
            facing: context.facing,
            // What is recorded and not yet acknowledged is still on the phone: the rest of the upload.
            bytesPending: context.uploads.reduce((sum, part) => sum + Math.max(0, part.bytesRecorded - part.bytesAcknowledged), 0),
          }),
          onDone: { target: next ?? 'reported', actions: [{ type: 'assignStatus', params: actorOutput }, 'clearError'] },
          onError: [
            { guard: 'isPhoneReplaced', target: '#evidence.ended.replaced' },
            { guard: 'isSessionGone', target: '#evidence.ended.expired' },
            { target: 'waiting', actions: 'assignError' },
          ],
        },
      },
      waiting: { tags, after: { [REPORT_RETRY_MS]: 'sending' } },
    },
  });
}
