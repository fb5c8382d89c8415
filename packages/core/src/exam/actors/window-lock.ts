/**
 * One window of this browser has the exam (R6, 「不得多屏登录」): the window lock, taken when the machine starts and held
 * until 上传成功 or until the machine stops (the page closing lets go of it too), and the watch a refused window keeps
 * on it.
 */
import { map } from 'rxjs';
import { fromCallback, fromEventObservable } from 'xstate';
import type { ExamPorts } from '../../ports/index.js';
import type { WindowLock, WindowLockHandle } from '../../ports/window-lock.port.js';
import { fromPort } from '../../streams/from-port.js';
import type { ExamEvent, WindowEvent, WindowLockCommand } from '../exam.types.js';

/**
 * The lock's name: one per exam, whoever logs in. Every window of a browser shares what the page keeps for the exam
 * (the session token, the chunk store with its recordings, the device key), so two windows of one exam interfere
 * whichever candidate each shows; and a window must be refused before it logs in, or its login would end the first
 * window's session.
 */
export const windowLockKey = (examId: string) => `examroom:exam:${examId}`;

/** Without a window lock (ports assembled before it existed) every window has the exam, as before. */
const noWindowLock: WindowLock = {
  acquire: async () => ({ release() {} }),
  whenFree: () => ({
    subscribe(observer) {
      queueMicrotask(() => {
        observer.next?.();
        observer.complete?.();
      });
      return { unsubscribe() {} };
    },
  }),
};

export function windowLockActors(ports: ExamPorts) {
  const lock = () => ports.windowLock ?? noWindowLock;
  return {
    /**
     * Takes the lock at once, and again on `claim`; says `window.claimed` or `window.heldElsewhere`. Holds it until
     * `release` or until it is stopped with the machine.
     */
    windowLock: fromCallback<WindowLockCommand, { key: string }, ExamEvent>(({ input, receive, sendBack }) => {
      let handle: WindowLockHandle | null = null;
      let asking = false;
      let stopped = false;
      const claim = () => {
        if (handle) return sendBack({ type: 'window.claimed' });
        if (asking) return;
        asking = true;
        lock().acquire(input.key).then(
          (result) => {
            asking = false;
            if (stopped) {
              if (result !== 'heldElsewhere') result.release();
              return;
            }
            if (result === 'heldElsewhere') return sendBack({ type: 'window.heldElsewhere' });
            handle = result;
            sendBack({ type: 'window.claimed' });
          },
          () => {
            asking = false;
            // A lock that cannot answer must not keep a candidate out of their exam: this window goes on without it.
            if (!stopped) sendBack({ type: 'window.claimed' });
          },
        );
      };
      claim();
      receive((command) => {
        if (command.type === 'claim') claim();
        else {
          handle?.release();
          handle = null;
        }
      });
      return () => {
        stopped = true;
        handle?.release();
        handle = null;
      };
    }),

    /** `window.free` once no window holds the lock: the window that had the exam was closed or finished. */
    watchWindow: fromEventObservable<WindowEvent, { key: string }>(({ input }) =>
      fromPort(lock().whenFree(input.key)).pipe(map((): WindowEvent => ({ type: 'window.free' }))),
    ),
  };
}
