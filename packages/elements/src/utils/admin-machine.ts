/**
 * The administrator console's statechart and what <exam-admin-console> reads of it. The element imports this module
 * lazily, side by side with the ports (as the supervisor's console does), so that the console's first load is only
 * the shell.
 */
import * as core from '@examroom/core';

// Constants, not `export { … } from '@examroom/core'`: the builds for bundlers leave core to the app's bundler, and
// Rollup then wrote a namespace object for this module (it is imported lazily) without importing what it names.
export const createAdminActor = core.createAdminActor;
export const selectAdminView = core.selectAdminView;
