/**
 * The screen share that 进入考试 and 继续面试 both ask for: one display only (R13), then the whole monitor, nothing
 * less (R14). A failure goes back to the stage's `ready` state with the reason; a whole-monitor share goes on to
 * `shared.target`.
 */
import { ErrorCode } from '../../errors/error-codes.js';
import { actorOutput, examSetup } from '../exam.setup.js';
import type { ExamTag } from '../exam.types.js';

export interface ScreenShareOptions {
  /** The tags of the display check and of the share (the stage's view phases). */
  readonly tags: { readonly checkingDisplay: ExamTag; readonly sharingScreen: ExamTag };
  /** Where a whole-monitor share goes (a sibling state), and whether its recording starts right away. */
  readonly shared: { readonly target: string; readonly recordScreen: boolean };
}

export function screenShareStates({ tags, shared }: ScreenShareOptions) {
  return {
    /** R13: one display only. */
    checkingDisplay: examSetup.createStateConfig({
      tags: tags.checkingDisplay,
      invoke: {
        src: 'checkDisplay',
        onDone: [
          {
            guard: { type: 'hasExternalDisplay', params: actorOutput },
            target: 'ready',
            actions: { type: 'assignErrorCode', params: { code: ErrorCode.EXTERNAL_DISPLAY_CONNECTED } },
          },
          { target: 'sharingScreen' },
        ],
        onError: { target: 'sharingScreen' },
      },
    }),
    /** R14: the whole monitor, nothing less. */
    sharingScreen: examSetup.createStateConfig({
      tags: tags.sharingScreen,
      invoke: {
        src: 'shareScreen',
        onDone: [
          {
            guard: { type: 'isWholeMonitor', params: actorOutput },
            target: shared.target,
            actions: shared.recordScreen ? [{ type: 'assignScreen', params: actorOutput }, 'recordScreen'] : [{ type: 'assignScreen', params: actorOutput }],
          },
          {
            target: 'ready',
            actions: [{ type: 'stopShare', params: actorOutput }, { type: 'assignErrorCode', params: { code: ErrorCode.SCREEN_SHARE_NOT_MONITOR } }],
          },
        ],
        onError: { target: 'ready', actions: 'assignError' },
      },
    }),
  };
}
