/**
 * The review (回放) of one candidate: the camera, screen and phone evidence recordings side by side, one play/pause
 * for all, and under them one timeline of the interview with its markers (entry, the confirmations, incidents, help
 * messages and notices, interventions, verdicts, the finish), each placed by its time with a title in the console's
 * words, and the same list beside it. A click on the timeline or a marker chooses that instant (user.seek): every
 * video seeks there, or says there is no recording then. The verdict is the candidate panel's. The videos' playback is
 * ReviewPlayer's (the DOM's); the parts and offsets are core's.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { instantAt, interpolate, REVIEW_KINDS, type Messages, type PositionedMarker, type ProctorConsoleMessages, type RecordingKind, type ReviewView } from '@examroom/core';
import { ErrorAlert } from '../../utils/error-alert';
import { StageSection } from '../../utils/stage-section';
import { VerdictSection } from './candidate';
import type { ReviewPlayer, VideoStatus } from './review-player';
import type { StageProps } from './stage-parts';

export interface ReviewProps extends StageProps<ReviewView> {
  readonly player: ReviewPlayer;
}

/** Time of day with seconds in the exam's time zone, e.g. 09:03:27: markers seconds apart must read apart. */
export function formatClock(messages: Messages, instant: number, timeZone: string): string {
  return new Intl.DateTimeFormat(messages.locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone }).format(instant);
}

/** A marker in the console's words: what happened, and its detail (the incident's kind, the message, the reason…). */
export function markerLabel(marker: PositionedMarker, m: ProctorConsoleMessages, messages: Messages): string {
  const words = m.review;
  const withDetail = (label: string, detail: string | undefined) => (detail ? interpolate(words.withDetail, { label, detail }) : label);
  const detail = marker.detail ?? '';
  switch (marker.kind) {
    case 'incident':
      return withDetail(words.markers.incident, (messages.incidents as Record<string, string>)[detail] ?? detail);
    case 'help':
      return withDetail((words.help as Record<string, string>)[detail] ?? words.markers.help, marker.text);
    case 'intervention': {
      const kind = (m.candidate.kinds as Record<string, string>)[detail] ?? words.markers.intervention;
      return withDetail(kind, detail === 'extraTime' && marker.text ? interpolate(m.candidate.minutesDone, { minutes: Number.isFinite(Number(marker.text)) ? Number(marker.text) : marker.text }) : marker.text);
    }
    case 'verdict': {
      const verdict = (m.candidate.verdicts as Record<string, string>)[detail] ?? detail;
      return withDetail(words.markers.verdict, marker.text ? `${verdict} ${marker.text}` : verdict);
    }
    case 'finished':
      return withDetail(words.markers.finished, (words.finishReasons as Record<string, string>)[detail]);
    default:
      return words.markers[marker.kind];
  }
}

const VideoTile: FunctionalComponent<{ kind: RecordingKind; status: VideoStatus; player: ReviewPlayer; m: ProctorConsoleMessages }> = ({ kind, status, player, m }) => (
  <figure class={{ recording: true, [status]: true }} data-kind={kind} data-status={status}>
    <figcaption>{m.review.kinds[kind]}</figcaption>
    <div class="frame">
      <video key={kind} ref={(video) => player.attach(kind, video)} muted={kind !== 'camera'} playsInline preload="metadata" data-kind={kind}></video>
      {status === 'ready' ? null : (
        <p class="video-status" role="status">
          {status === 'gap' ? m.review.noRecording : status === 'loading' ? m.review.loadingVideo : m.review.unavailable}
        </p>
      )}
    </div>
    {status === 'unavailable' ? <p class="muted hint">{m.review.unavailableHint}</p> : null}
  </figure>
);

export const Review: FunctionalComponent<ReviewProps> = (props) => {
  const { view, m, messages, timeZone, send, player } = props;
  const name = view.candidate?.name ?? view.candidateId;
  const state = player.state();
  const span = view.span;
  const at = span ? Math.min(span.end, Math.max(span.start, state.at ?? span.start)) : null;
  const seek = (instant: number) => send({ type: 'user.seek', at: instant });
  const clock = (instant: number) => <time dateTime={new Date(instant).toISOString()}>{formatClock(messages, instant, timeZone)}</time>;
  return (
    <div class="console review-page">
      <StageSection heading={interpolate(m.review.title, { name })} class="review">
        {view.candidate ? <p class="muted summary">{view.candidate.admissionNumber}</p> : null}
        <div class="toolbar">
          <button type="button" class="back close-review" onClick={() => send({ type: 'user.closeReview' })}>
            {m.review.back}
          </button>
        </div>
        {view.phase === 'loading' ? (
          <p class="status" role="status">
            {m.review.loading}
          </p>
        ) : null}
        <ErrorAlert error={view.error} messages={messages} />
        {view.phase === 'failed' ? (
          <div class="actions">
            <button type="button" onClick={() => send({ type: 'user.retry' })}>
              {m.retry}
            </button>
          </div>
        ) : null}
        {view.phase === 'shown' && span && at !== null ? [
          <div class="recordings">
            {REVIEW_KINDS.map((kind) => (
              <VideoTile kind={kind} status={state.status[kind]} player={player} m={m} />
            ))}
          </div>,
          <div class="transport">
            <button type="button" class="play" aria-pressed={state.playing ? 'true' : 'false'} onClick={() => player.toggle()}>
              {state.playing ? m.review.pause : m.review.play}
            </button>
            <span class="playhead-time">{clock(at)}</span>
          </div>,
          <div class="timeline" part="timeline">
            <div class="markers" aria-hidden="true">
              {view.markers.map((marker) => (
                <button
                  type="button"
                  tabindex={-1}
                  key={`marker-${marker.index}`}
                  class={{ marker: true, outside: marker.outside !== null }}
                  data-kind={marker.kind}
                  data-at={String(marker.at)}
                  style={{ left: `${marker.position * 100}%` }}
                  title={`${formatClock(messages, marker.at, timeZone)} ${markerLabel(marker, m, messages)}`}
                  onClick={() => seek(marker.at)}
                ></button>
              ))}
              <span class="playhead" style={{ left: `${((at - span.start) / (span.end - span.start)) * 100}%` }}></span>
            </div>
            <input
              type="range"
              class="scrubber"
              aria-label={m.review.timeline}
              aria-valuetext={formatClock(messages, at, timeZone)}
              min={0}
              max={1000}
              step={1}
              value={Math.round(((at - span.start) / (span.end - span.start)) * 1000)}
              onChange={(event) => seek(instantAt(span, Number((event.target as HTMLInputElement).value) / 1000))}
            />
            <div class="span-ends muted">
              {clock(span.start)}
              {clock(span.end)}
            </div>
          </div>,
          <h3>{m.review.events}</h3>,
          view.markers.length === 0 ? (
            <p class="muted">{m.review.noEvents}</p>
          ) : (
            <ol class="marker-list">
              {view.markers.map((marker) => (
                <li key={`item-${marker.index}`} data-kind={marker.kind}>
                  <button type="button" class="marker-item" data-at={String(marker.at)} aria-label={interpolate(m.review.seekTo, { time: formatClock(messages, marker.at, timeZone) })} onClick={() => seek(marker.at)}>
                    {clock(marker.at)}
                  </button>{' '}
                  {markerLabel(marker, m, messages)}
                  {marker.outside ? <span class="muted"> ({marker.outside === 'before' ? m.review.before : m.review.after})</span> : null}
                </li>
              ))}
            </ol>
          ),
        ] : null}
      </StageSection>
      {view.candidatePanel && view.candidatePanel.phase !== 'loading' && view.candidatePanel.phase !== 'failed' ? (
        <div class="side">
          <section class="candidate-panel review-verdict" aria-label={m.candidate.verdict}>
            {view.candidatePanel.error ? (
              <p class="alert action-error" role="alert">
                {(m.candidate.refusals as Partial<Record<string, string>>)[view.candidatePanel.error] ?? messages.errors[view.candidatePanel.error]}
              </p>
            ) : null}
            <VerdictSection {...props} view={view.candidatePanel} />
          </section>
        </div>
      ) : null}
    </div>
  );
};
