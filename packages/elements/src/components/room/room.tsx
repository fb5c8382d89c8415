import { Component, Element, Event, Listen, Prop, State, Watch, h, type EventEmitter } from '@stencil/core';
import {
  ErrorCode,
  resolveLocale,
  type ExamActor,
  type ExamPorts,
  type ExamView,
  type MessageOverrides,
  type StepperItem,
} from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { messagesFor, setExamMessages } from '../../utils/i18n';
import { loadPortsAndMachine } from '../../utils/lazy-start';
import { stageTag } from '../../utils/stage-tag';
import type { ExamFinishDetail, ExamStageChangeDetail } from './room-interface';

/** Stages that show a countdown get the server time as `now`. */
const TIMED_STAGES: ReadonlySet<ExamView['stage']> = new Set(['login', 'bindingEvidence', 'awaitingEntry', 'countdown', 'answering', 'finished', 'resuming']);

/** What the shell runs on: the ports, the device key, and how to let go of them. */
interface Runtime {
  readonly ports: ExamPorts;
  readonly deviceKey: string;
  dispose(): void;
}

/**
 * The whole candidate flow in one element: it starts the exam machine on the REST API at `api-base` (or on the
 * `adapters` an integrator gives it), shows the stepper and the current stage, passes the stages' commands to the
 * machine and tells the host page about stage changes, the finish and the completed upload.
 *
 * @csspart container - The box around the stepper and the stage.
 * @csspart stepper - The <exam-stepper>.
 * @csspart content - The box the current stage renders in.
 * @cssproperty --exam-room-max-inline-size - The widest the room grows; 72rem by default.
 */
@Component({ tag: 'exam-room', styleUrl: 'room.css', shadow: true })
export class ExamRoom {
  @Element() host!: HTMLElement;

  /** Origin (and path prefix, if any) of the examroom server, e.g. `https://exam.example.edu`; empty = this page's. */
  @Prop() apiBase?: string;

  /** The exam to sit. */
  @Prop() examId?: string;

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** Ports for integrators who bring their own backend (see @examroom/core's ExamPorts); wins over `api-base`. */
  @Prop() adapters?: ExamPorts;

  /** The key that identifies this browser across reloads; by default one kept in localStorage. */
  @Prop() deviceKey?: string;

  /** The host portal's page that 「返回首页」 leads to once the upload is complete (R29); no link when unset. */
  @Prop() homeUrl?: string;

  /**
   * The institution's own words for this element's language, each by its dotted key (e.g. `{ 'actions.enter':
   * '进入面试' }`); the rest stay. Set it before the element is connected; it applies to every examroom element of
   * that language on the page (see `setExamMessages`).
   */
  @Prop() messages?: MessageOverrides;

  @State() view: ExamView | null = null;
  @State() stepper: readonly StepperItem[] = [];
  /** Server time, updated when its whole second changes, for the stages that count down. */
  @State() now = 0;
  /** Why the room could not start (no exam id, ports failed to load). */
  @State() startError: ErrorCode | null = null;

  /** The candidate moved to another stage, or was barred. */
  @Event({ eventName: 'examStageChange', bubbles: true, composed: true }) examStageChange!: EventEmitter<ExamStageChangeDetail>;

  /** The exam is over and every recording has reached the server. */
  @Event({ eventName: 'examFinish', bubbles: true, composed: true }) examFinish!: EventEmitter<ExamFinishDetail>;

  /** Every byte of every recording has been acknowledged by the server. */
  @Event({ eventName: 'examUploadComplete', bubbles: true, composed: true }) examUploadComplete!: EventEmitter<void>;

  private actor: ExamActor | null = null;
  private runtime: Runtime | null = null;
  private teardown: (() => void)[] = [];
  /** Bumped on every (re)start, so a slow lazy load for an old configuration is dropped. */
  private generation = 0;
  /** The stage whose heading last got focus; the first stage does not take focus from the host page. */
  private focusedStage: ExamView['stage'] | null = null;

  /**
   * Starts on the first connection once the component loads, not in connectedCallback: a framework (React's wrapper
   * among them) connects the element first and sets its properties a moment later, before Stencil loads it; the
   * property watchers do not run until then. A reconnected element starts again at once.
   */
  private hasLoaded = false;

  connectedCallback(): void {
    this.wordsChanged();
    if (this.hasLoaded) void this.start();
  }

  componentWillLoad(): void {
    this.hasLoaded = true;
    void this.start();
  }

  @Watch('messages')
  @Watch('locale')
  protected wordsChanged(): void {
    if (this.messages) setExamMessages(this.locale ?? 'zh-CN', this.messages);
  }

  disconnectedCallback(): void {
    this.stop();
  }

  componentDidRender(): void {
    const stage = this.view?.stage ?? null;
    if (!stage || stage === this.focusedStage) return;
    const first = this.focusedStage === null;
    this.focusedStage = stage;
    if (first) return;
    const element = this.host.shadowRoot?.querySelector<HTMLElement & { setFocus?: () => Promise<void>; componentOnReady?: () => Promise<unknown> }>('[data-stage]');
    if (!element) return;
    void Promise.resolve(element.componentOnReady?.()).then(() => element.setFocus?.());
  }

  @Watch('examId')
  @Watch('apiBase')
  @Watch('adapters')
  @Watch('deviceKey')
  protected configurationChanged(): void {
    this.stop();
    void this.start();
  }

  @Listen('examCommand')
  protected onCommand(event: CustomEvent<ExamCommandDetail>): void {
    event.stopPropagation();
    const command = event.detail;
    // Only user commands come from the views; anything else would let a page fake the clock or the server.
    if (command && typeof command.type === 'string' && command.type.startsWith('user.')) this.actor?.send(command);
  }

  private async start(): Promise<void> {
    const generation = ++this.generation;
    this.startError = null;
    if (!this.examId) {
      this.startError = ErrorCode.EXAM_NOT_FOUND;
      return;
    }
    const loaded = await loadPortsAndMachine(
      () => this.loadRuntime(),
      () => import('../../utils/exam-machine'),
      () => generation === this.generation,
      (code) => (this.startError = code),
    );
    if (!loaded) return;
    const runtime = loaded.ports;
    const { createExamActor, selectStepper, selectView, serverNow$ } = loaded.machine;
    this.runtime = runtime;
    const actor = createExamActor({ ports: runtime.ports, input: { examId: this.examId, deviceKey: runtime.deviceKey } });
    this.actor = actor;
    const snapshots = actor.subscribe((snapshot) => {
      this.view = selectView(snapshot);
      this.stepper = selectStepper(snapshot);
    });
    const stageChanges = actor.on('stageChanged', (event) => this.examStageChange.emit({ stage: event.stage }));
    const finishes = actor.on('finished', (event) => this.examFinish.emit({ reason: event.reason }));
    const uploads = actor.on('uploadComplete', () => this.examUploadComplete.emit());
    // Read the clock at once: the first tick comes a moment later, and a countdown must never render from 0.
    this.now = runtime.ports.clock.now();
    const ticks = serverNow$(runtime.ports.clock).subscribe((now) => (this.now = now));
    this.teardown = [() => snapshots.unsubscribe(), () => stageChanges.unsubscribe(), () => finishes.unsubscribe(), () => uploads.unsubscribe(), () => ticks.unsubscribe()];
    actor.start();
  }

  private async loadRuntime(): Promise<Runtime> {
    // Integrators who bring ports and a key load none of the browser adapters.
    if (this.adapters && this.deviceKey) return { ports: this.adapters, deviceKey: this.deviceKey, dispose: () => undefined };
    const loaded = await import('../../utils/browser-ports');
    const deviceKey = this.deviceKey ?? loaded.browserDeviceKey();
    if (this.adapters) return { ports: this.adapters, deviceKey, dispose: () => undefined };
    const rest = loaded.createRestPorts(this.apiBase ?? '', resolveLocale(this.locale));
    return { ports: rest.ports, deviceKey, dispose: rest.dispose };
  }

  private stop(): void {
    this.generation++;
    for (const undo of this.teardown) undo();
    this.teardown = [];
    this.actor?.stop();
    this.actor = null;
    this.runtime?.dispose();
    this.runtime = null;
    this.view = null;
    this.focusedStage = null;
  }

  render() {
    const m = messagesFor(this.locale);
    const view = this.view;
    // Typed as a plain tag name: each stage's `view` prop takes its own member of the ExamView union.
    const Stage: string | null = view ? stageTag(view.stage) : null;
    return (
      <div part="container" class="room">
        <exam-stepper part="stepper" items={this.stepper} lang={this.locale} hidden={!view || view.stage === 'barred'}></exam-stepper>
        <div part="content" class="content">
          {this.startError ? (
            <p class="alert" role="alert">
              {m.errors[this.startError]}
            </p>
          ) : view && Stage ? (
            <Stage key={view.stage} data-stage={view.stage} exportparts="heading" view={view} lang={this.locale} {...(TIMED_STAGES.has(view.stage) ? { now: this.now } : {})} {...(view.stage === 'finished' ? { homeUrl: this.homeUrl } : {})}></Stage>
          ) : (
            <p class="loading" role="status">
              {m.app.loading}
            </p>
          )}
        </div>
      </div>
    );
  }
}
