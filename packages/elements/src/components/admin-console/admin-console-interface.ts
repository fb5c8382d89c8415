/** The commands and DOM events of <exam-admin-console>, the administrator's console. */
import type { AdminEvent } from '@examroom/core';

/** A command from the console's buttons and forms: exactly one of adminMachine's `user.*` events. */
export type AdminCommandDetail = Extract<AdminEvent, { readonly type: `user.${string}` }>;
