import { Component, Element, Event, Prop, State, Watch, h, type EventEmitter } from '@stencil/core';
import { DEFAULT_TIME_ZONE, ErrorCode, PROCTOR_CONSOLE_LOCALES, resolveLocale, type ProctorActor, type ProctorPorts, type ProctorView } from '@examroom/core';
import type { LiveStreams } from './live-view';
import { ErrorAlert } from '../../utils/error-alert';
import { messagesFor } from '../../utils/i18n';
import { loadPortsAndMachine } from '../../utils/lazy-start';
import { focusHeading } from '../../utils/stage-section';
import { Login } from './login';
import type { ProctorCommandDetail } from './proctor-console-interface';
import { Review } from './review';
import { ReviewPlayer } from './review-player';
import { Sitting } from './sitting';
import { Sittings } from './sittings';
import { UploadHealth } from './upload-health';
import type { StageProps } from './stage-parts';

/** The ports the element runs on, and how to let go of them. */
interface LoadedPorts {
  readonly ports: ProctorPorts;
  dispose(): void;
}

/**
 * The supervisor's console (监督员, R27, R32), served at `/proctor`: login, the supervisor's sittings, a sitting's live
 * grid of candidates (stage, online, phone evidence and its due time, lot, incidents, unread 求助) with filters and
 * counts, and one candidate's help conversation beside it. A thin view over core's proctorMachine: it renders the
 * stage of `selectProctorView` and sends the buttons' `user.*` commands. Its own lazy chunk: the candidate's page
 * never loads it.
 *
 * @csspart container - The page the stage renders in.
 * @csspart heading - The stage heading; it takes focus when the stage changes.
 * @csspart grid - The candidates' table.
 * @csspart conversation - The help conversation beside the grid.
 * @cssproperty --exam-proctor-console-offline-opacity - How faint an offline candidate's row is; 0.55 by default.
 */
@Component({ tag: 'exam-proctor-console', styleUrl: 'proctor-console.css', shadow: true })
export class ExamProctorConsole {
  @Element() host!: HTMLElement;

  /** Origin (and path prefix, if any) of the examroom server; empty = this page's. */
  @Prop() apiBase?: string;

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /**
   * The IANA time zone every time is shown in (attribute `time-zone`); by default each exam's own (the supervisor
   * routes give it), Asia/Shanghai while none is known.
   */
  @Prop() timeZone?: string;

  /** The console's ports (core's ProctorPorts), for integrators and tests; wins over `api-base`. */
  @Prop() ports?: ProctorPorts;

  /** A view to show as it is, starting nothing (stories, visual tests); unset, the element runs the machine. */
  @Prop() view?: ProctorView;

  /** The machine's view while the element runs it. */
  @State() running: ProctorView | null = null;
  /** What the supervisor typed in the reply field; null: the machine's draft. */
  @State() typedReply: string | null = null;
  /** The quick replies being edited, one a line; null when not editing. */
  @State() editingQuickReplies: string | null = null;
  /** Why the console could not start (its modules or ports failed to load). */
  @State() startError: ErrorCode | null = null;
  /**
   * 实时画面's streams by source: the machine's while it runs; stories and tests with a fixed `view` may set their own.
   * Not a view field: a MediaStream is not data to render.
   */
  @Prop({ mutable: true }) liveStreams: LiveStreams = {};
  /** Bumped when the review's playback changes what it shows (the playhead, a video's status). */
  @State() playback = 0;

  /** A `user.*` command from the console's buttons (sent to the machine when the element runs it). */
  @Event({ eventName: 'proctorCommand', bubbles: true, composed: true }) proctorCommand!: EventEmitter<ProctorCommandDetail>;

  private actor: ProctorActor | null = null;
  private loaded: LoadedPorts | null = null;
  private teardown: (() => void)[] = [];
  /** Bumped on every (re)start, so that a slow lazy load for an old configuration is dropped. */
  private generation = 0;
  /** The stage that last got focus; the first stage leaves focus alone. */
  private focused: string | null = null;
  /** The conversation the reply field belongs to: another candidate's starts empty. */
  private conversationOf: string | null = null;
  /** The review's <video> elements, played together (the DOM's side of the review). */
  private readonly player = new ReviewPlayer(
    () => void (this.playback += 1),
    () => this.send({ type: 'user.renewLinks' }),
  );

  /**
   * Starts on the first connection once the component loads, not in connectedCallback: a framework (React's wrapper
   * among them) connects the element first and sets its properties a moment later, before Stencil loads it; the
   * property watchers do not run until then. A reconnected element starts again at once.
   */
  private hasLoaded = false;

  connectedCallback(): void {
    if (this.hasLoaded) void this.start();
  }

  componentWillLoad(): void {
    this.hasLoaded = true;
    void this.start();
  }

  disconnectedCallback(): void {
    this.stop();
    this.player.reset();
  }

  componentWillRender(): void {
    const view = this.view ?? this.running;
    // The review is of the open conversation's candidate: what was typed in its reply waits for the way back.
    const conversation = view?.stage === 'sitting' ? (view.conversation?.candidateId ?? null) : view?.stage === 'review' ? view.candidateId : null;
    if (conversation !== this.conversationOf) {
      this.conversationOf = conversation;
      this.typedReply = null;
      this.editingQuickReplies = null;
    }
  }

  componentDidRender(): void {
    const view = this.view ?? this.running;
    // The review's videos are in the DOM now: seek them to the instant chosen, or let them go once it closed.
    if (view?.stage === 'review') this.player.update(view);
    else this.player.reset();
    if (!view) return;
    if (view.stage === this.focused) return;
    const first = this.focused === null;
    this.focused = view.stage;
    if (!first) focusHeading(this.host);
  }

  @Watch('apiBase')
  @Watch('ports')
  @Watch('view')
  protected configurationChanged(): void {
    this.stop();
    void this.start();
  }

  private readonly send = (command: ProctorCommandDetail): void => {
    this.proctorCommand.emit(command);
    this.actor?.send(command);
  };

  private async start(): Promise<void> {
    const generation = ++this.generation;
    this.startError = null;
    if (this.view) return;
    const loaded = await loadPortsAndMachine(
      () => this.loadPorts(),
      () => import('../../utils/proctor-machine'),
      () => generation === this.generation,
      (code) => (this.startError = code),
    );
    if (!loaded) return;
    const { createProctorActor, selectLiveStreams, selectProctorView } = loaded.machine;
    this.loaded = loaded.ports;
    const actor = createProctorActor({ ports: loaded.ports.ports });
    this.actor = actor;
    const snapshots = actor.subscribe((snapshot) => {
      this.liveStreams = selectLiveStreams(snapshot);
      this.running = selectProctorView(snapshot);
    });
    this.teardown = [() => snapshots.unsubscribe()];
    actor.start();
  }

  private async loadPorts(): Promise<LoadedPorts> {
    // Integrators (and tests) who bring ports load none of the browser adapters.
    if (this.ports) return { ports: this.ports, dispose: () => undefined };
    const runtime = await import('../../utils/proctor-runtime');
    return runtime.createProctorPorts(this.apiBase ?? '', resolveLocale(this.locale));
  }

  private stop(): void {
    this.generation++;
    for (const undo of this.teardown) undo();
    this.teardown = [];
    this.actor?.stop();
    this.actor = null;
    this.loaded?.dispose();
    this.loaded = null;
    this.running = null;
    this.focused = null;
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = PROCTOR_CONSOLE_LOCALES[resolveLocale(this.locale)];
    const view = this.view ?? this.running;
    const override = this.timeZone || null;
    const examZone = view?.stage === 'sitting' ? view.sitting?.timeZone : undefined;
    const props = { m, messages, timeZone: override ?? examZone ?? DEFAULT_TIME_ZONE, timeZoneOverride: override, send: this.send };
    return (
      <div part="container" class="page">
        <header class="masthead">
          <span class="title">{m.title}</span>
          {view && view.stage !== 'login' ? (
            <button type="button" class="logout" onClick={() => this.send({ type: 'user.logout' })}>
              {m.logout}
            </button>
          ) : null}
        </header>
        {this.startError ? (
          <ErrorAlert error={this.startError} messages={messages} />
        ) : view ? (
          this.renderStage(view, props)
        ) : (
          <p class="status" role="status">
            {m.loading}
          </p>
        )}
      </div>
    );
  }

  private renderStage(view: ProctorView, props: Omit<StageProps<never>, 'view'>) {
    switch (view.stage) {
      case 'login':
        return <Login {...props} view={view} />;
      case 'sittings':
        return <Sittings {...props} view={view} />;
      case 'review':
        return <Review {...props} view={view} player={this.player} />;
      case 'sitting':
        return (
          <Sitting
            {...props}
            view={view}
            liveStreams={this.liveStreams}
            reply={{
              typed: this.typedReply,
              onType: (text) => (this.typedReply = text),
              editing: this.editingQuickReplies,
              onEdit: (text) => (this.editingQuickReplies = text),
            }}
          />
        );
      case 'uploadHealth':
        return <UploadHealth {...props} view={view} />;
    }
  }
}
