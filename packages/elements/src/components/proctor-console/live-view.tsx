/**
 * 实时画面: the open candidate's camera, screen and phone live, with the view's state (连接中 / 已连接 / 重新连接中 /
 * 不在线, or why it was refused) and the supervisor's close. Each <video> gets its MediaStream through a ref
 * (`srcObject`), never through the view object, which stays plain data for fixtures and stories. The videos are muted
 * and autoplay (a browser plays muted video without a gesture); their own controls unmute the camera's sound.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { interpolate, type ErrorCode, type LiveViewSource, type LiveViewView } from '@examroom/core';
import type { StageProps } from './stage-parts';

export type LiveStreams = Readonly<Partial<Record<LiveViewSource, MediaStream>>>;

export interface LiveViewProps extends StageProps<LiveViewView> {
  /** The view's streams by source (the machine's context, or a story's own). */
  readonly streams: LiveStreams;
  /** The candidate's name, for the heading. */
  readonly name: string;
}

/** Sets a <video>'s stream only when it changed: setting srcObject again would restart the picture. */
const attach = (stream: MediaStream | undefined) => (video: HTMLVideoElement | undefined) => {
  if (!video) return;
  const next = stream ?? null;
  if (video.srcObject === next) return;
  video.srcObject = next;
  // autoplay alone does not start a stream set after the element was inserted in every browser: play it (muted, so allowed).
  if (next) void video.play?.()?.catch(() => undefined);
};

export const LiveView: FunctionalComponent<LiveViewProps> = ({ view, streams, name, m, messages, send }) => {
  const words = m.liveView;
  const refusals: Partial<Record<ErrorCode, string>> = words.refusals;
  return (
    <section part="live-view" class="live-view" aria-labelledby="live-view-heading" data-phase={view.phase}>
      <h3 id="live-view-heading">{interpolate(words.title, { name })}</h3>
      <p class={{ status: true, [`live-${view.phase}`]: true }} role="status" data-live-phase={view.phase}>
        {words.phases[view.phase]}
      </p>
      {view.phase === 'failed' ? (
        <p class="alert action-error" role="alert">
          {view.error ? (refusals[view.error] ?? messages.errors[view.error]) : null}
        </p>
      ) : null}
      <div class="live-videos">
        {view.sources.map((source) => (
          <figure class="live-video" key={source}>
            <video data-source={source} ref={attach(streams[source])} autoPlay muted playsInline controls />
            <figcaption>{words.sources[source]}</figcaption>
          </figure>
        ))}
      </div>
      <div class="actions">
        {view.phase === 'failed' ? (
          <button type="button" onClick={() => send({ type: 'user.watchLive' })}>
            {words.retry}
          </button>
        ) : null}
        <button type="button" class="live-close" onClick={() => send({ type: 'user.stopLive' })}>
          {words.close}
        </button>
      </div>
    </section>
  );
};

/** 「实时画面」: opens the view of the candidate whose panel is open. */
export const LiveViewButton: FunctionalComponent<Pick<StageProps<unknown>, 'm' | 'send'>> = ({ m, send }) => (
  <button type="button" class="live-open" onClick={() => send({ type: 'user.watchLive' })}>
    {m.liveView.open}
  </button>
);
