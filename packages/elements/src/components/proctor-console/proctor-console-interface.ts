/** The commands and DOM events of <exam-proctor-console>, the supervisor's console. */
import type { ProctorEvent } from '@examroom/core';

/** A command from the console's buttons and forms: exactly one of proctorMachine's `user.*` events. */
export type ProctorCommandDetail = Extract<ProctorEvent, { readonly type: `user.${string}` }>;
