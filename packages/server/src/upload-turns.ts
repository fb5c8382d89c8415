/**
 * Upload requests other than the steady chunks take turns: at most a few of them start per turn of the event loop,
 * the others wait in order for the next turns. At a sitting's end hundreds of pages finish their recordings in the
 * same second (a HEAD, the PATCH declaring the length, POST …/complete, each on a connection already open): read
 * together, they would all run in one turn of the loop — half a second of authorisations, file reads and completions
 * — and every request a person waits for meanwhile (the clock a page keeps, heartbeats, the supervisor's console)
 * would wait behind them. Taking turns costs the uploads nothing in total (the same work, in the same order) and lets the loop answer
 * everything else between two turns. The HEADs and the PATCHes declaring the length take turns even where their
 * authorisation is kept (uploads.ts's fast path then answers them after their turn): at a sitting's end they are two
 * of the three requests each recording sends at once. The uploads' steady chunks, whose authorisation is kept, go to
 * tus at once and never wait here: a stream sends one a second, and they are most of the loop's work all along.
 */
import type { IncomingMessage } from 'node:http';
import { API_PREFIX, UPLOADS_PATH } from '@examroom/adapters/rest';

/**
 * How many start in one turn: one such request costs the loop 1–3 ms (an authorisation, tus's file reads, a
 * completion's checks), so a turn stays within some 25 ms however many arrive at once.
 */
export const UPLOAD_REQUESTS_PER_TURN = 8;

export interface UploadTurns {
  /** Runs `start` now if this turn has room and no one waits, else after those who wait, in a later turn. */
  admit(start: () => void): void;
  /** How many wait now (metrics, tests). */
  readonly waiting: number;
}

export function createUploadTurns(perTurn = UPLOAD_REQUESTS_PER_TURN): UploadTurns {
  let waiting: (() => void)[] = [];
  let startedThisTurn = 0;
  let nextTurnScheduled = false;
  // setImmediate runs after the turn's I/O: the count starts again there, and the next few who wait start; called
  // from there, it runs in the next turn, after that turn's I/O (the requests read meanwhile) has been answered.
  const nextTurn = () => {
    nextTurnScheduled = false;
    const starting = waiting.slice(0, perTurn);
    waiting = waiting.slice(starting.length);
    startedThisTurn = starting.length;
    if (startedThisTurn > 0) scheduleNextTurn();
    for (const start of starting) start();
  };
  const scheduleNextTurn = () => {
    if (nextTurnScheduled) return;
    nextTurnScheduled = true;
    setImmediate(nextTurn);
  };
  return {
    admit(start) {
      scheduleNextTurn();
      if (waiting.length === 0 && startedThisTurn < perTurn) {
        startedThisTurn += 1;
        start();
      } else {
        waiting.push(start);
      }
    },
    get waiting() {
      return waiting.length;
    },
  };
}

const uploadsPrefix = `${API_PREFIX}${UPLOADS_PATH}`;
const completionPattern = new RegExp(`^${API_PREFIX.replace(/[/.]/g, '\\$&')}/recordings/[^/?]+/complete(?:\\?|$)`);

/** Whether the request is an upload's (tus, but not a CORS preflight) or a recording's completion. */
export function takesUploadTurns(request: IncomingMessage): boolean {
  const url = request.url ?? '';
  if (request.method === 'OPTIONS') return false;
  if (url === uploadsPrefix || url.startsWith(`${uploadsPrefix}/`) || url.startsWith(`${uploadsPrefix}?`)) return true;
  return request.method === 'POST' && completionPattern.test(url);
}

/**
 * Whether the request is a chunk of an upload: a PATCH that carries bytes and does not declare the upload's length.
 * The fast path sends such a one to tus at once, without waiting for a turn.
 */
export function isUploadChunk(request: IncomingMessage): boolean {
  return request.method === 'PATCH' && request.headers['upload-length'] === undefined && request.headers['content-length'] !== '0';
}
