/**
 * Fakes of the 实时画面 ports: a viewer whose channels the test drives (what the server and the peers would say), and
 * a publisher that records what it was asked to publish.
 */
import type { LiveViewer, LiveViewerEvent, LiveViewMedia, LiveViewPublisher } from '../ports/live-view.port.js';

export interface FakeLiveViewChannel {
  readonly candidateId: string;
  /** How many views were asked on this channel. */
  asks: number;
  closed: boolean;
  /** Says something to the console, as the adapter would (only while the channel is open). */
  emit(event: LiveViewerEvent): void;
}

export interface FakeLiveViewer extends LiveViewer {
  readonly channels: FakeLiveViewChannel[];
  /** The channel opened last. */
  current(): FakeLiveViewChannel;
}

export function createFakeLiveViewer(): FakeLiveViewer {
  const channels: FakeLiveViewChannel[] = [];
  return {
    channels,
    current() {
      const channel = channels.at(-1);
      if (!channel) throw new Error('no live view channel was opened');
      return channel;
    },
    open(candidateId, listener) {
      const channel: FakeLiveViewChannel = {
        candidateId,
        asks: 0,
        closed: false,
        emit: (event) => {
          if (!channel.closed) listener(event);
        },
      };
      channels.push(channel);
      return {
        ask: () => void (channel.asks += 1),
        close: () => void (channel.closed = true),
      };
    },
  };
}

export interface FakeLiveViewPublisher extends LiveViewPublisher {
  /** Every publication, with whether it was stopped. */
  readonly publications: { readonly media: LiveViewMedia; stopped: boolean }[];
}

export function createFakeLiveViewPublisher(): FakeLiveViewPublisher {
  const publications: FakeLiveViewPublisher['publications'] = [];
  return {
    publications,
    publish(media) {
      const publication = { media, stopped: false };
      publications.push(publication);
      return { stop: () => void (publication.stopped = true) };
    },
  };
}
