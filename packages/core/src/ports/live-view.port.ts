/**
 * 实时画面: a supervisor watches one candidate's camera and screen (and the phone's camera) live, over WebRTC peer
 * connections signalled through the live-events socket. Two ports, one per side: the candidate's page and the phone
 * publish the tracks they already record (`LiveViewPublisher`); the console watches (`LiveViewer`). The messages on
 * the socket are the contract's (`LiveViewClientMessage`, `LiveViewServerMessage` in adapters' rest/contract.ts).
 */
import type { ErrorCode } from '../errors/error-codes.js';

/** The ends of a view that send media: the candidate's computer and their phone. */
export type LiveViewPeer = 'candidate' | 'phone';

/** What a view shows: the computer's camera (with its microphone) and screen, the phone's camera. */
export type LiveViewSource = 'camera' | 'screen' | 'phone';

/**
 * Why a view (or, with `peer`, one end of it) ended:
 * - `stopped`: the supervisor closed it (or their socket went);
 * - `candidateOffline`: the candidate's page stopped publishing (its socket dropped, the page closed, its media changed);
 * - `phoneOffline`: the phone stopped publishing (with `peer: 'phone'`; the computer's part goes on);
 * - `finished`: the candidate's interview finished;
 * - `failed`: a peer connection failed (ICE or DTLS): said by the viewer's adapter itself, never by the server.
 */
export type LiveViewEndReason = 'stopped' | 'candidateOffline' | 'phoneOffline' | 'finished' | 'failed';

/** The tracks a page lets supervisors watch: the very streams it records (the view never opens a device itself). */
export interface LiveViewMedia {
  readonly camera?: MediaStream;
  readonly screen?: MediaStream;
  /** The phone's camera (the phone's page). */
  readonly phone?: MediaStream;
}

/** A page's publication: stop it when its media stop (the views of it end). */
export interface LiveViewPublication {
  stop(): void;
}

/**
 * The candidate's page's and the phone's side: while published, the page answers every view the server asks for
 * (`live.request`) with a peer connection sending clones of these tracks at most at the server's bitrate, and ends it
 * when the server says so. The recorder's streams are never changed.
 */
export interface LiveViewPublisher {
  publish(media: LiveViewMedia): LiveViewPublication;
}

/** What a console's live view of one candidate hears. Only the view asked last is reported. */
export type LiveViewerEvent =
  /** The server accepted the view; the peers are connecting. */
  | { readonly type: 'accepted'; readonly viewId: string }
  /** A source's stream arrived (again: a new connection gives a new stream). */
  | { readonly type: 'stream'; readonly viewId: string; readonly source: LiveViewSource; readonly stream: MediaStream }
  /** One end's peer connection is up. */
  | { readonly type: 'connected'; readonly viewId: string; readonly peer: LiveViewPeer }
  /** The view ended; with `peer`, only that end did and the view goes on without its sources. */
  | { readonly type: 'ended'; readonly viewId: string; readonly reason: LiveViewEndReason; readonly peer?: LiveViewPeer }
  /** The server refused the view: FORBIDDEN, NOT_FOUND, CANDIDATE_FINISHED, LIVE_VIEWS_EXHAUSTED, LIVE_VIEW_UNAVAILABLE. */
  | { readonly type: 'refused'; readonly viewId: string; readonly code: ErrorCode }
  /** The candidate's page publishes (again): a view asked now may connect. */
  | { readonly type: 'available' };

/** One candidate's live view in the console; `ask` (again) starts a new view with new peer connections. */
export interface LiveViewerChannel {
  /** Ends the current view (if any) and asks for a new one; sent once the socket is open. */
  ask(): void;
  /** Ends the current view and the channel. */
  close(): void;
}

/** The console's side. */
export interface LiveViewer {
  open(candidateId: string, listener: (event: LiveViewerEvent) => void): LiveViewerChannel;
}
