/**
 * The review's playback, the DOM's side of it: three <video> elements (camera, screen, phone evidence) shown at one
 * instant of the interview and played together under one play/pause. Which part of each kind covers an instant, and
 * how far into it, is core's (`partAt`); this keeps the elements there: it loads a part's file by its link, seeks
 * into it, plays and pauses, and while playing reads the instant back from the leading video to move the playhead and
 * keep the others within a second of it. A kind with no part at the instant shows "no recording here"; a file that
 * does not load asks the console for fresh links once (its link may have expired), and shows "unavailable" if the
 * fresh link fails too (the MSW handlers keep no files).
 */
import { instantOf, partAt, REVIEW_KINDS, type PlayablePart, type RecordingKind, type ReviewView } from '@examroom/core';

/** What a kind's video shows. */
export type VideoStatus = 'loading' | 'ready' | 'gap' | 'unavailable';

export interface PlayerState {
  readonly playing: boolean;
  /** The instant of the interview at the playhead; null before one is chosen (the span's start then). */
  readonly at: number | null;
  readonly status: Readonly<Record<RecordingKind, VideoStatus>>;
}

/** How far a video may drift from the playhead while playing before it is sought back. */
const DRIFT_MS = 750;
/** How often the playhead moves while playing. */
const TICK_MS = 200;

interface Loaded {
  readonly part: PlayablePart;
  readonly url: string;
}

export class ReviewPlayer {
  private view: ReviewView | null = null;
  private readonly videos = new Map<RecordingKind, HTMLVideoElement>();
  private readonly listening = new WeakSet<HTMLVideoElement>();
  private readonly loaded = new Map<RecordingKind, Loaded>();
  /** Where to seek a part once its file's metadata is in. */
  private readonly pending = new Map<RecordingKind, number>();
  private readonly status: Record<RecordingKind, VideoStatus> = { camera: 'loading', screen: 'loading', evidence: 'loading' };
  /** Files that did not load, by recording id: the first failure asks fresh links, the second gives up. */
  private readonly failures = new Map<string, { url: string; count: number }>();
  private playing = false;
  private at: number | null = null;
  /** The playhead at a moment of the page's clock, to run on from while no video leads. */
  private anchor: { at: number; real: number } | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private seekSeq = 0;

  constructor(
    /** Something the view shows changed (the playhead, a status): render again. */
    private readonly changed: () => void,
    /** A file did not load: ask the console for fresh links. */
    private readonly renewLinks: () => void,
  ) {}

  state(): PlayerState {
    return { playing: this.playing, at: this.at, status: { ...this.status } };
  }

  /** The <video> of a kind, as rendered (Stencil's ref). */
  attach(kind: RecordingKind, video: HTMLVideoElement | undefined): void {
    if (!video) return;
    if (this.videos.get(kind) !== video) {
      this.videos.set(kind, video);
      this.loaded.delete(kind);
    }
    if (this.listening.has(video)) return;
    this.listening.add(video);
    video.addEventListener('loadedmetadata', () => this.metadataLoaded(kind, video));
    video.addEventListener('loadeddata', () => this.dataLoaded(kind));
    video.addEventListener('error', () => this.failed(kind, video));
  }

  /** After every render of the review: a new instant chosen seeks there; fresh links reload files that failed. */
  update(view: ReviewView): void {
    const first = this.view === null || this.view.candidateId !== view.candidateId;
    this.view = view;
    if (view.seek && view.seek.seq !== this.seekSeq) {
      this.seekSeq = view.seek.seq;
      this.seek(view.seek.at);
      return;
    }
    if (first || this.at === null) {
      if (view.span) this.seek(this.at ?? view.span.start);
      return;
    }
    // A file that failed loads again once its link was renewed.
    for (const kind of REVIEW_KINDS) {
      const loaded = this.loaded.get(kind);
      if (loaded && this.status[kind] === 'unavailable' && view.links[loaded.part.recordingId]?.url !== loaded.url) this.show(kind, this.at, true);
    }
  }

  /** Every kind at `at`, exactly (a seek the supervisor asked for). */
  seek(at: number): void {
    this.at = at;
    this.anchor = { at, real: performance.now() };
    for (const kind of REVIEW_KINDS) this.show(kind, at, true);
    this.changed();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    const span = this.view?.span;
    if (!span) return;
    // At the end, play from the start again.
    if (this.at === null || this.at >= span.end) this.seek(span.start);
    this.playing = true;
    this.anchor = { at: this.at ?? span.start, real: performance.now() };
    for (const kind of REVIEW_KINDS) this.startVideo(kind);
    this.timer ??= setInterval(() => this.tick(), TICK_MS);
    this.changed();
  }

  pause(): void {
    this.playing = false;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    for (const video of this.videos.values()) video.pause();
    this.changed();
  }

  /** The review closed: stop, let go of the elements and their files. */
  reset(): void {
    if (this.view === null) return;
    this.pause();
    for (const video of this.videos.values()) {
      video.removeAttribute('src');
      video.load();
    }
    this.videos.clear();
    this.loaded.clear();
    this.pending.clear();
    this.failures.clear();
    for (const kind of REVIEW_KINDS) this.status[kind] = 'loading';
    this.view = null;
    this.at = null;
    this.anchor = null;
    this.seekSeq = 0;
  }

  /** While playing: the playhead follows the leading video (or the page's clock through gaps), the others follow it. */
  private tick(): void {
    const span = this.view?.span;
    if (!this.playing || !span) return;
    const now = performance.now();
    let at = this.anchor ? this.anchor.at + (now - this.anchor.real) : (this.at ?? span.start);
    for (const kind of REVIEW_KINDS) {
      const video = this.videos.get(kind);
      const loaded = this.loaded.get(kind);
      if (video && loaded && this.status[kind] === 'ready' && !video.paused && !video.seeking && !video.ended) {
        at = instantOf(loaded.part, video.currentTime * 1000);
        break;
      }
    }
    if (at >= span.end) {
      this.at = span.end;
      this.pause();
      return;
    }
    this.at = at;
    this.anchor = { at, real: now };
    for (const kind of REVIEW_KINDS) this.show(kind, at, false);
    this.changed();
  }

  /** Shows `kind` at `at`: the part that covers it, loaded and sought into (exactly, or within DRIFT_MS while playing). */
  private show(kind: RecordingKind, at: number, exactly: boolean): void {
    const view = this.view;
    const video = this.videos.get(kind);
    if (!view || !video) return;
    const want = partAt(view.parts[kind], at);
    if (want === null) {
      this.status[kind] = 'gap';
      video.pause();
      return;
    }
    const part = view.parts[kind].find((p) => p.recordingId === want.recordingId)!;
    const link = view.links[want.recordingId];
    const loaded = this.loaded.get(kind);
    const failed = this.failures.get(want.recordingId);
    if (!link || (failed && failed.count >= 2)) {
      this.status[kind] = 'unavailable';
      video.pause();
      return;
    }
    if (!loaded || loaded.part.recordingId !== want.recordingId || (this.status[kind] === 'unavailable' && loaded.url !== link.url)) {
      this.loaded.set(kind, { part, url: link.url });
      this.pending.set(kind, want.offsetMs);
      this.status[kind] = 'loading';
      video.src = link.url;
      video.load();
      return;
    }
    // Back from a gap into the part already loaded.
    if (this.status[kind] === 'gap') this.status[kind] = video.readyState >= HTMLMediaElement.HAVE_METADATA ? 'ready' : 'loading';
    if (this.status[kind] === 'loading') {
      this.pending.set(kind, want.offsetMs);
      return;
    }
    if (this.status[kind] !== 'ready') return;
    if (exactly || Math.abs(video.currentTime * 1000 - want.offsetMs) > DRIFT_MS) video.currentTime = want.offsetMs / 1000;
    if (this.playing) this.startVideo(kind);
  }

  private startVideo(kind: RecordingKind): void {
    const video = this.videos.get(kind);
    if (!video || this.status[kind] !== 'ready' || !video.paused) return;
    // A refused play() (the browser's autoplay rules) leaves the video paused; the next tick tries again.
    void Promise.resolve(video.play()).catch(() => undefined);
  }

  private metadataLoaded(kind: RecordingKind, video: HTMLVideoElement): void {
    const offset = this.pending.get(kind);
    this.pending.delete(kind);
    if (offset !== undefined) video.currentTime = offset / 1000;
    this.status[kind] = 'ready';
    if (this.playing) this.startVideo(kind);
    this.changed();
  }

  private dataLoaded(kind: RecordingKind): void {
    const loaded = this.loaded.get(kind);
    if (loaded) this.failures.delete(loaded.part.recordingId);
  }

  private failed(kind: RecordingKind, video: HTMLVideoElement): void {
    const loaded = this.loaded.get(kind);
    // An error of a src since replaced, or of the emptied element, is no news.
    if (!loaded || !video.getAttribute('src') || !video.src.endsWith(loaded.url.replace(/^\/+/, ''))) return;
    const before = this.failures.get(loaded.part.recordingId);
    const count = before && before.url !== loaded.url ? before.count + 1 : (before?.count ?? 0) + 1;
    this.failures.set(loaded.part.recordingId, { url: loaded.url, count });
    this.status[kind] = 'unavailable';
    this.pending.delete(kind);
    // The link may have expired: ask fresh ones once; the element reloads when they come (update).
    if (count === 1) this.renewLinks();
    this.changed();
  }
}
