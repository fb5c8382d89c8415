/**
 * The administrator console's statechart and what <exam-admin-console> reads of it. The element imports this module
 * lazily, side by side with the ports (as the supervisor's console does), so that the console's first load is only
 * the shell.
 */
export { createAdminActor, selectAdminView } from '@examroom/core';
