/**
 * The candidate's statechart and what the shell reads of it. <exam-room> imports this module lazily, side by side with
 * the ports, so that a page's first load is only the shell: the machine (XState, the stages, the upload pipeline) is
 * needed once the ports are there to run it.
 */
export { createExamActor, selectStepper, selectView, serverNow$ } from '@examroom/core';
