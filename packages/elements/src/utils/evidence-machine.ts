/**
 * The phone's statechart and what <exam-evidence-recorder> reads of it. The element imports this module lazily, side
 * by side with the ports (as <exam-room> does with exam-machine.ts), so that the phone page's first load is only the
 * shell: XState, the stages and the upload pipeline are needed once the ports are there to run them.
 */
import * as core from '@examroom/core';

// Constants, not `export { … } from '@examroom/core'`: the builds for bundlers leave core to the app's bundler, and
// Rollup then wrote a namespace object for this module (it is imported lazily) without importing what it names.
export const createEvidenceActor = core.createEvidenceActor;
export const selectEvidenceView = core.selectEvidenceView;
