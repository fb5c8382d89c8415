/**
 * Stage components never drive the exam themselves: each one sends its `user.*` commands as one composed DOM event,
 * `examCommand`, which <exam-room> (or a story, or a test) catches and passes to the exam machine.
 */
import type { UserEvent } from '@examroom/core';

/** The name of the command event every stage component emits. */
export const EXAM_COMMAND_EVENT = 'examCommand';

/** A stage's command: exactly one of core's `user.*` events. */
export type ExamCommandDetail = UserEvent;
