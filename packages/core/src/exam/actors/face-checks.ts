/**
 * The face checks during 开始答题: every interval the server names, a small still of the camera being recorded goes
 * to the server (ExamApi.sendFaceCheck), which judges it and tells the supervisor (no face, several faces, a covered
 * face). Invoked in the answering stage while the camera records, so it stops with the stage or when the camera is
 * lost. Nothing here can hold up the interview: a frame that cannot be taken or sent is dropped, and the next one
 * goes at the next interval — never a burst of retries. An answer of 0 means the server does no face checks: the
 * actor stops sending. Without a FaceSnapshot port nothing is sent.
 */
import { fromCallback } from 'xstate';
import type { ExamPorts } from '../../ports/index.js';
import type { MediaCapture } from '../../ports/media-devices.port.js';

/** How wide the still is: enough for a face the size a webcam shows it, a few tens of kilobytes as a JPEG. */
export const FACE_CHECK_FRAME_WIDTH = 320;
/** How long to wait after a frame that could not be taken or sent, before the next one (the server's default interval). */
export const FACE_CHECK_RETRY_MS = 20_000;

export function faceCheckActors(ports: ExamPorts) {
  return {
    faceChecks: fromCallback<{ type: 'never' }, { capture: MediaCapture | null }>(({ input }) => {
      const snapshot = ports.faceSnapshot;
      const stream = input.capture?.stream;
      if (!snapshot || !stream) return undefined;
      let stopped = false;
      let timer: unknown = null;
      const next = (ms: number) => {
        if (!stopped) timer = ports.clock.setTimeout(() => void send(), ms);
      };
      const send = async () => {
        let waitMs = FACE_CHECK_RETRY_MS;
        try {
          const frame = await snapshot.take(stream, FACE_CHECK_FRAME_WIDTH);
          if (frame && !stopped) {
            const { intervalSeconds } = await ports.api.sendFaceCheck(frame);
            // 0: the server does no face checks (no verifier, turned off): send no more.
            if (intervalSeconds === 0) return;
            waitMs = intervalSeconds * 1000;
          }
        } catch {
          // Dropped: advisory checks never hold up the interview, and the next frame comes at the next interval.
        }
        next(waitMs);
      };
      void send();
      return () => {
        stopped = true;
        if (timer !== null) ports.clock.clearTimeout(timer);
      };
    }),
  };
}
