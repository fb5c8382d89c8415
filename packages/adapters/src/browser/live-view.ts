/**
 * 实时画面 over WebRTC with simple-peer, signalled on a live-events socket of its own (RestCaller.liveChannel): the
 * candidate's page and the phone publish (createLiveViewPublisher), the console watches (createLiveViewer). The
 * publishing end is simple-peer's initiator; the console answers, one peer connection per publishing end.
 *
 * simple-peer is loaded only when a view starts (a dynamic import), so the candidate's page carries none of it until
 * a supervisor watches. It is imported as its own browser bundle, `simple-peer/simplepeer.min.js`: the package's
 * index.js expects Node's Buffer, process and events (through readable-stream), which neither Stencil's rollup nor
 * Vite provide; the bundle carries its own small copies, so no shim or polyfill plugin is needed anywhere.
 *
 * The view sends clones of the recorder's tracks (`track.clone()`: no second getUserMedia or getDisplayMedia, and the
 * recorder's stream is never touched; stopping a clone leaves the original running), each video track capped at the
 * server's maxBitrateBps with RTCRtpSender.setParameters, so that a view cannot take the uplink the upload needs.
 * simple-peer has no ICE restart: a failed connection is destroyed and the console asks for a new view.
 */
import type SimplePeer from 'simple-peer';
import type { Instance as PeerInstance, SignalData } from 'simple-peer';
import {
  ErrorCode,
  isErrorCode,
  type LiveViewEndReason,
  type LiveViewer,
  type LiveViewerEvent,
  type LiveViewMedia,
  type LiveViewPeer,
  type LiveViewPublisher,
  type LiveViewSource,
} from '@examroom/core';
import { socketMessage, type LiveChannel, type RestCaller } from '../rest/index.js';
import type { IceServer } from '../rest/contract.js';

type PeerConstructor = typeof SimplePeer;

/** Loads simple-peer once, on the first view. */
let loading: Promise<PeerConstructor> | null = null;
export function loadSimplePeer(): Promise<PeerConstructor> {
  loading ??= import('simple-peer/simplepeer.min.js').then((module: { default?: unknown }) => (module.default ?? module) as PeerConstructor);
  return loading;
}

export interface LiveViewAdapterOptions {
  /** The REST caller whose token (the candidate's, the phone's or the supervisor's) opens the signalling socket. */
  readonly caller: Pick<RestCaller, 'liveChannel'>;
  /** simple-peer's constructor; loaded lazily by default. */
  readonly loadPeer?: () => Promise<PeerConstructor>;
}

/** What the signalling socket says, as this module reads it: the server's live-view messages, and the socket's state. */
type SignallingEvent =
  | { readonly type: 'socket'; readonly up: boolean }
  | { readonly type: 'live.request'; readonly viewId: string; readonly iceServers: IceServer[]; readonly maxBitrateBps: number }
  | { readonly type: 'live.accepted'; readonly viewId: string; readonly iceServers: IceServer[] }
  | { readonly type: 'live.signal'; readonly viewId: string; readonly peer: LiveViewPeer; readonly signal: SignalData }
  | { readonly type: 'live.ended'; readonly viewId: string; readonly reason: LiveViewEndReason; readonly peer?: LiveViewPeer }
  | { readonly type: 'live.available'; readonly candidateId: string }
  | { readonly type: 'live.error'; readonly viewId?: string; readonly code: ErrorCode };

const LIVE_TYPES = new Set(['live.request', 'live.accepted', 'live.signal', 'live.ended', 'live.available', 'live.error']);

function signallingEvent(data: unknown): SignallingEvent | null {
  const message = socketMessage(data);
  if (message === null || typeof message.type !== 'string' || !LIVE_TYPES.has(message.type)) return null;
  if (message.type === 'live.error') return { type: 'live.error', ...(typeof message['viewId'] === 'string' ? { viewId: message['viewId'] } : {}), code: isErrorCode(message['code']) ? message['code'] : ErrorCode.INTERNAL_ERROR };
  return message as unknown as SignallingEvent;
}

const SOCKET_UP: SignallingEvent = { type: 'socket', up: true };
const SOCKET_DOWN: SignallingEvent = { type: 'socket', up: false };

function openSignalling(caller: Pick<RestCaller, 'liveChannel'>, on: (event: SignallingEvent) => void): LiveChannel {
  return caller.liveChannel<SignallingEvent>({ parse: signallingEvent, connected: SOCKET_UP, disconnected: SOCKET_DOWN }, { next: on });
}

/** The peer connection simple-peer keeps (not in its types): where the senders' bitrate is set. */
const connectionOf = (peer: PeerInstance): RTCPeerConnection | undefined => (peer as unknown as { _pc?: RTCPeerConnection })._pc;

/** Caps every video sender of the connection at `maxBitrateBps` (each encoding). */
export async function capVideoBitrate(connection: RTCPeerConnection | undefined, maxBitrateBps: number): Promise<void> {
  for (const sender of connection?.getSenders() ?? []) {
    if (sender.track?.kind !== 'video') continue;
    const parameters = sender.getParameters();
    const encodings = parameters.encodings && parameters.encodings.length > 0 ? parameters.encodings : [{}];
    if (encodings.every((encoding) => encoding.maxBitrate === maxBitrateBps)) continue;
    parameters.encodings = encodings.map((encoding) => ({ ...encoding, maxBitrate: maxBitrateBps }));
    try {
      await sender.setParameters(parameters);
    } catch {
      // Before negotiation some browsers refuse new encodings; the cap is applied again once connected.
    }
  }
}

/** The data channel's first message from a publisher: which remote stream (by id) is which source. */
interface StreamNames {
  readonly streams: Readonly<Record<string, LiveViewSource>>;
}

export function createLiveViewPublisher(options: LiveViewAdapterOptions): LiveViewPublisher {
  const loadPeer = options.loadPeer ?? loadSimplePeer;
  return {
    publish(media: LiveViewMedia) {
      const sources = (['camera', 'screen', 'phone'] as const).filter((source) => media[source] !== undefined);
      const peers = new Map<string, { peer: PeerInstance | null; clones: MediaStreamTrack[]; destroyed: boolean }>();
      let stopped = false;

      const destroy = (viewId: string) => {
        const view = peers.get(viewId);
        if (!view) return;
        peers.delete(viewId);
        view.destroyed = true;
        view.peer?.destroy();
        for (const track of view.clones) track.stop();
      };
      const destroyAll = () => {
        for (const viewId of [...peers.keys()]) destroy(viewId);
      };

      const answer = async (viewId: string, iceServers: IceServer[], maxBitrateBps: number) => {
        destroy(viewId);
        // Clones of the recorder's tracks, one stream per source: the recorder's own stream is never changed.
        const streams = sources.map((source) => ({ source, stream: new MediaStream(media[source]!.getTracks().filter((t) => t.readyState === 'live').map((t) => t.clone())) }));
        const view = { peer: null as PeerInstance | null, clones: streams.flatMap(({ stream }) => stream.getTracks()), destroyed: false };
        peers.set(viewId, view);
        let Peer: PeerConstructor;
        try {
          Peer = await loadPeer();
        } catch {
          return destroy(viewId);
        }
        if (view.destroyed || stopped) return;
        const peer = new Peer({ initiator: true, trickle: true, config: { iceServers }, streams: streams.map(({ stream }) => stream) });
        view.peer = peer;
        void capVideoBitrate(connectionOf(peer), maxBitrateBps);
        peer.on('signal', (signal: SignalData) => channel.send({ type: 'live.signal', viewId, signal }));
        peer.on('connect', () => {
          void capVideoBitrate(connectionOf(peer), maxBitrateBps);
          const names: StreamNames = { streams: Object.fromEntries(streams.map(({ source, stream }) => [stream.id, source])) };
          peer.send(JSON.stringify(names));
        });
        // A failed or closed connection is gone for good (no ICE restart): the console asks for a new view.
        peer.on('error', () => destroy(viewId));
        peer.on('close', () => destroy(viewId));
      };

      const onSignal = (event: SignallingEvent) => {
        switch (event.type) {
          case 'socket':
            // Whatever was open went with the old socket (the server ended those views); a new socket publishes anew.
            destroyAll();
            if (event.up) channel.send({ type: 'live.publish', sources });
            return;
          case 'live.request':
            void answer(event.viewId, event.iceServers, event.maxBitrateBps);
            return;
          case 'live.signal': {
            const peer = peers.get(event.viewId)?.peer;
            if (peer && !peer.destroyed) peer.signal(event.signal);
            return;
          }
          case 'live.ended':
            destroy(event.viewId);
            return;
          default:
            return;
        }
      };
      let channel = openSignalling(options.caller, onSignal);

      // A page that lost its network publishes nothing: its peers go and its socket closes, so that the server ends
      // the views at once (a socket left open would only be found dead by its next ping); back online it publishes anew.
      const offline = () => {
        destroyAll();
        channel.stop();
      };
      const online = () => {
        if (stopped) return;
        channel.stop();
        channel = openSignalling(options.caller, onSignal);
      };
      globalThis.addEventListener?.('offline', offline);
      globalThis.addEventListener?.('online', online);

      return {
        stop() {
          if (stopped) return;
          stopped = true;
          globalThis.removeEventListener?.('offline', offline);
          globalThis.removeEventListener?.('online', online);
          destroyAll();
          channel.stop();
        },
      };
    },
  };
}

export function createLiveViewer(options: LiveViewAdapterOptions): LiveViewer {
  const loadPeer = options.loadPeer ?? loadSimplePeer;
  return {
    open(candidateId, listener) {
      let closed = false;
      let socketUp = false;
      /** The view asked last; events of any other are dropped. */
      let viewId: string | null = null;
      let sent = false;
      let iceServers: IceServer[] = [];
      const peers = new Map<LiveViewPeer, Promise<PeerInstance | null>>();

      const emit = (event: LiveViewerEvent) => {
        if (!closed) listener(event);
      };
      const destroyPeers = () => {
        for (const peer of peers.values()) void peer.then((p) => p?.destroy());
        peers.clear();
      };
      const endCurrent = () => {
        if (viewId !== null && sent && socketUp) channel.send({ type: 'live.stop', viewId });
        destroyPeers();
        viewId = null;
        sent = false;
      };
      const sendWatch = () => {
        if (viewId === null || sent || !socketUp) return;
        sent = channel.send({ type: 'live.watch', viewId, candidateId });
      };

      const peerFor = (id: string, end: LiveViewPeer): Promise<PeerInstance | null> => {
        const existing = peers.get(end);
        if (existing) return existing;
        const created = loadPeer().then(
          (Peer) => {
            if (viewId !== id || closed) return null;
            const peer = new Peer({ initiator: false, trickle: true, config: { iceServers } });
            const names = new Map<string, LiveViewSource>();
            const unnamed = new Map<string, MediaStream>();
            const tell = (stream: MediaStream, source: LiveViewSource) => {
              if (viewId === id) emit({ type: 'stream', viewId: id, source, stream });
            };
            peer.on('signal', (signal: SignalData) => {
              if (viewId === id) channel.send({ type: 'live.signal', viewId: id, peer: end, signal });
            });
            peer.on('stream', (stream: MediaStream) => {
              const source = names.get(stream.id);
              if (source) tell(stream, source);
              else unnamed.set(stream.id, stream);
            });
            peer.on('data', (data: Uint8Array | string) => {
              let parsed: StreamNames;
              try {
                parsed = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data)) as StreamNames;
              } catch {
                return;
              }
              for (const [streamId, source] of Object.entries(parsed.streams ?? {})) {
                names.set(streamId, source);
                const stream = unnamed.get(streamId);
                if (stream) {
                  unnamed.delete(streamId);
                  tell(stream, source);
                }
              }
            });
            peer.on('connect', () => {
              if (viewId === id) emit({ type: 'connected', viewId: id, peer: end });
            });
            // No ICE restart in simple-peer: a failed or closed peer ends (this end of) the view; the console asks anew.
            const failed = () => {
              if (viewId !== id || peers.get(end) !== created) return;
              peers.delete(end);
              emit(end === 'candidate' ? { type: 'ended', viewId: id, reason: 'failed' } : { type: 'ended', viewId: id, reason: 'failed', peer: end });
            };
            peer.on('error', failed);
            peer.on('close', failed);
            return peer;
          },
          () => null,
        );
        peers.set(end, created);
        return created;
      };

      const onSignal = (event: SignallingEvent) => {
        switch (event.type) {
          case 'socket':
            socketUp = event.up;
            if (event.up) return sendWatch();
            // The server ended this socket's views with it: the view is over (the console asks again).
            if (viewId !== null && sent) {
              const ended = viewId;
              destroyPeers();
              viewId = null;
              sent = false;
              emit({ type: 'ended', viewId: ended, reason: 'stopped' });
            }
            return;
          case 'live.accepted':
            if (event.viewId !== viewId) return;
            iceServers = event.iceServers;
            return emit({ type: 'accepted', viewId: event.viewId });
          case 'live.signal':
            if (event.viewId !== viewId) return;
            void peerFor(event.viewId, event.peer).then((peer) => {
              if (peer && !peer.destroyed) peer.signal(event.signal);
            });
            return;
          case 'live.ended': {
            if (event.viewId !== viewId) return;
            if (event.peer) {
              void peers.get(event.peer)?.then((peer) => peer?.destroy());
              peers.delete(event.peer);
              return emit({ type: 'ended', viewId: event.viewId, reason: event.reason, peer: event.peer });
            }
            destroyPeers();
            viewId = null;
            sent = false;
            return emit({ type: 'ended', viewId: event.viewId, reason: event.reason });
          }
          case 'live.error': {
            if (event.viewId === undefined || event.viewId !== viewId) return;
            destroyPeers();
            viewId = null;
            sent = false;
            return emit({ type: 'refused', viewId: event.viewId, code: event.code });
          }
          case 'live.available':
            if (event.candidateId === candidateId) emit({ type: 'available' });
            return;
          default:
            return;
        }
      };
      const channel = openSignalling(options.caller, onSignal);

      return {
        ask() {
          if (closed) return;
          endCurrent();
          viewId = globalThis.crypto.randomUUID();
          sendWatch();
        },
        close() {
          if (closed) return;
          endCurrent();
          closed = true;
          channel.stop();
        },
      };
    },
  };
}
