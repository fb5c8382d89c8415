/**
 * The supervisor console's statechart and what <exam-proctor-console> reads of it. The element imports this module
 * lazily, side by side with the ports (as <exam-room> does with exam-machine.ts), so that the console's first load is
 * only the shell.
 */
import * as core from '@examroom/core';

// Constants, not `export { … } from '@examroom/core'`: the builds for bundlers leave core to the app's bundler, and
// Rollup then wrote a namespace object for this module (it is imported lazily) without importing what it names.
export const createProctorActor = core.createProctorActor;
export const selectLiveStreams = core.selectLiveStreams;
export const selectProctorView = core.selectProctorView;
