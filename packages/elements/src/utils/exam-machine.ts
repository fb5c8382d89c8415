/**
 * The candidate's statechart and what the shell reads of it. <exam-room> imports this module lazily, side by side with
 * the ports, so that a page's first load is only the shell: the machine (XState, the stages, the upload pipeline) is
 * needed once the ports are there to run it.
 */
import * as core from '@examroom/core';

// Constants, not `export { … } from '@examroom/core'`: the builds for bundlers leave core to the app's bundler, and
// Rollup then wrote a namespace object for this module (it is imported lazily) without importing what it names.
export const createExamActor = core.createExamActor;
export const selectStepper = core.selectStepper;
export const selectView = core.selectView;
export const serverNow$ = core.serverNow$;
