/** The commands and DOM events of <exam-evidence-recorder>, the phone's evidence recorder. */
import type { EndedView, EvidenceEvent } from '@examroom/core';

/** A command from the phone page's buttons: exactly one of evidenceMachine's `user.*` events. */
export type EvidenceCommandDetail = Extract<EvidenceEvent, { readonly type: `user.${string}` }>;

/** `evidenceEnd`: the phone's part is over — the evidence is on the server, another phone took over, or the session ended. */
export interface EvidenceEndDetail {
  readonly outcome: EndedView['phase'];
}
