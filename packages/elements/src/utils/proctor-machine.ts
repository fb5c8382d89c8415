/**
 * The supervisor console's statechart and what <exam-proctor-console> reads of it. The element imports this module
 * lazily, side by side with the ports (as <exam-room> does with exam-machine.ts), so that the console's first load is
 * only the shell.
 */
export { createProctorActor, selectLiveStreams, selectProctorView } from '@examroom/core';
