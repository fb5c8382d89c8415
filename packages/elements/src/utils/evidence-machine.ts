/**
 * The phone's statechart and what <exam-evidence-recorder> reads of it. The element imports this module lazily, side
 * by side with the ports (as <exam-room> does with exam-machine.ts), so that the phone page's first load is only the
 * shell: XState, the stages and the upload pipeline are needed once the ports are there to run them.
 */
export { createEvidenceActor, selectEvidenceView } from '@examroom/core';
