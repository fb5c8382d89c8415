import { Component, Element, Event, Prop, State, Watch, h, type EventEmitter } from '@stencil/core';
import {
  ErrorCode,
  EVIDENCE_RECORDER_LOCALES,
  pairingCodeFrom,
  resolveLocale,
  type EvidenceActor,
  type EvidenceView,
  type PhonePorts,
} from '@examroom/core';
import { ErrorAlert } from '../../utils/error-alert';
import { messagesFor } from '../../utils/i18n';
import { loadPortsAndMachine } from '../../utils/lazy-start';
import { focusHeading } from '../../utils/stage-section';
import { Camera } from './camera';
import { Ended } from './ended';
import type { EvidenceCommandDetail, EvidenceEndDetail } from './evidence-recorder-interface';
import { formatTypedCode, Pairing } from './pairing';
import { CONFIRM_STOP_ID, Recording } from './recording';
import { Scanning } from './scanning';
import type { StageProps } from './stage-parts';

/** The ports the element runs on, and how to let go of them. */
interface LoadedPorts {
  readonly ports: PhonePorts;
  dispose(): void;
}

/**
 * The phone's evidence recorder (佐证视频, R9, R10, R30), the page a phone opens from the PC's QR code: pairing by the
 * code in the link's fragment, typed, or read from the QR code in the page; the camera and microphone; the 360° room
 * scan; then the recording, uploaded as it goes, until the candidate stops it after the interview. A thin view over
 * core's evidenceMachine: it renders the stage of `selectEvidenceView` and sends the buttons' `user.*` commands.
 *
 * @csspart container - The single column the stage renders in.
 * @csspart heading - The stage heading; it takes focus when the stage changes.
 * @csspart preview - The camera's live picture (<exam-video-preview>).
 * @csspart status - The status line while recording and uploading (录制中 · 已上传 x / y MB).
 * @csspart actions - The stage's buttons, at the bottom of the screen.
 * @csspart reopen - What to do when the page was closed by accident.
 * @cssproperty --exam-evidence-recorder-max-inline-size - The widest the column grows; 32rem by default.
 * @cssproperty --exam-evidence-recorder-live-color - The colour of 录制中; falls back to `--exam-color-danger`.
 */
@Component({ tag: 'exam-evidence-recorder', styleUrl: 'evidence-recorder.css', shadow: true })
export class ExamEvidenceRecorder {
  @Element() host!: HTMLElement;

  /** Origin (and path prefix, if any) of the examroom server; empty = this page's. */
  @Prop() apiBase?: string;

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /**
   * The single-use pairing code. Unset: the element reads it from the address's fragment (`/phone#code=ABCD-EFGH`,
   * never sent to a server) and removes the fragment, so that a reload does not send a used code again.
   */
  @Prop() pairingCode?: string;

  /** The phone's ports (core's PhonePorts), for integrators and tests; wins over `api-base`. */
  @Prop() ports?: PhonePorts;

  /** A view to show as it is, starting nothing (stories, visual tests); unset, the element runs the machine. */
  @Prop() view?: EvidenceView;

  /** The machine's view while the element runs it. */
  @State() running: EvidenceView | null = null;
  /** What the candidate typed in the pairing code field; null until they type (the field shows the code tried last). */
  @State() typed: string | null = null;
  /** Why the recorder could not start (its modules or ports failed to load). */
  @State() startError: ErrorCode | null = null;

  /** A `user.*` command from the page's buttons (sent to the machine when the element runs it). */
  @Event({ eventName: 'evidenceCommand', bubbles: true, composed: true }) evidenceCommand!: EventEmitter<EvidenceCommandDetail>;

  /** The phone's part is over: `done` (the evidence is on the server), `replaced` (another phone took over) or `expired`. */
  @Event({ eventName: 'evidenceEnd', bubbles: true, composed: true }) evidenceEnd!: EventEmitter<EvidenceEndDetail>;

  private actor: EvidenceActor | null = null;
  private loaded: LoadedPorts | null = null;
  private teardown: (() => void)[] = [];
  /** Bumped on every (re)start, so that a slow lazy load for an old configuration is dropped. */
  private generation = 0;
  /** The stage (and for the stop confirmation, the phase) that last got focus; the first stage leaves focus alone. */
  private focused: string | null = null;
  /** The code read from the address once: the fragment is gone after that. */
  private codeFromAddress: string | null = null;

  /**
   * Starts on the first connection once the component loads, not in connectedCallback: a framework (React's wrapper
   * among them) connects the element first and sets its properties a moment later, before Stencil loads it; the
   * property watchers do not run until then. A reconnected element starts again at once.
   */
  private hasLoaded = false;

  connectedCallback(): void {
    // A fixed view runs nothing, so it leaves the address alone.
    if (!this.view && this.pairingCode === undefined && this.codeFromAddress === null) this.codeFromAddress = takeCodeFromAddress();
    if (this.hasLoaded) void this.start();
  }

  componentWillLoad(): void {
    this.hasLoaded = true;
    void this.start();
  }

  disconnectedCallback(): void {
    this.stop();
  }

  componentDidRender(): void {
    const view = this.view ?? this.running;
    if (!view) return;
    const key = view.stage === 'recording' && view.phase === 'confirmingStop' ? 'recording:confirmingStop' : view.stage;
    if (key === this.focused) return;
    const first = this.focused === null;
    this.focused = key;
    if (first) return;
    // The question 「确定结束录制吗？」 takes focus so that it is read; every other change moves to the stage's heading.
    const confirm = this.host.shadowRoot?.getElementById(CONFIRM_STOP_ID);
    if (confirm) confirm.focus();
    else focusHeading(this.host);
  }

  @Watch('apiBase')
  @Watch('ports')
  @Watch('pairingCode')
  @Watch('view')
  protected configurationChanged(): void {
    this.stop();
    void this.start();
  }

  private readonly send = (command: EvidenceCommandDetail): void => {
    this.evidenceCommand.emit(command);
    this.actor?.send(command);
  };

  private async start(): Promise<void> {
    const generation = ++this.generation;
    this.startError = null;
    if (this.view) return;
    const loaded = await loadPortsAndMachine(
      () => this.loadPorts(),
      () => import('../../utils/evidence-machine'),
      () => generation === this.generation,
      (code) => (this.startError = code),
    );
    if (!loaded) return;
    const { createEvidenceActor, selectEvidenceView } = loaded.machine;
    this.loaded = loaded.ports;
    const actor = createEvidenceActor({ ports: loaded.ports.ports, input: { pairingCode: this.pairingCode ?? this.codeFromAddress } });
    this.actor = actor;
    let ended = false;
    const snapshots = actor.subscribe((snapshot) => {
      const view = selectEvidenceView(snapshot);
      this.running = view;
      if (view.stage === 'ended' && !ended) {
        ended = true;
        this.evidenceEnd.emit({ outcome: view.phase });
      }
    });
    this.teardown = [() => snapshots.unsubscribe()];
    actor.start();
  }

  private async loadPorts(): Promise<LoadedPorts> {
    // Integrators (and tests) who bring ports load none of the browser adapters.
    if (this.ports) return { ports: this.ports, dispose: () => undefined };
    const runtime = await import('../../utils/phone-runtime');
    return runtime.createPhonePorts(this.apiBase ?? '', resolveLocale(this.locale));
  }

  private stop(): void {
    this.generation++;
    for (const undo of this.teardown) undo();
    this.teardown = [];
    const actor = this.actor;
    this.actor = null;
    if (actor) {
      // Stopping the machine stops what it invoked (wake lock, uploads, sensors); the cameras it holds in its
      // context are let go here, so that the phone's camera light goes off with the page's element.
      const { capture, qrScan } = actor.getSnapshot().context;
      actor.stop();
      capture?.stop();
      qrScan?.stop();
    }
    this.loaded?.dispose();
    this.loaded = null;
    this.running = null;
    this.focused = null;
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = EVIDENCE_RECORDER_LOCALES[resolveLocale(this.locale)];
    const view = this.view ?? this.running;
    const reopen = (
      <p part="reopen" class="reopen muted">
        {m.reopen}
      </p>
    );
    return (
      <div part="container" class="phone">
        {this.startError ? (
          <ErrorAlert error={this.startError} messages={messages} />
        ) : view ? (
          this.renderStage(view, { m, messages, locale: this.locale, send: this.send }, reopen)
        ) : (
          <p class="status" role="status">
            {m.pairing.starting}
          </p>
        )}
      </div>
    );
  }

  private renderStage(view: EvidenceView, props: Omit<StageProps<never>, 'view'>, reopen: unknown) {
    switch (view.stage) {
      case 'pairing':
        return (
          <Pairing {...props} view={view} typed={this.typed ?? formatTypedCode(view.code)} onType={(text) => (this.typed = formatTypedCode(text))}>
            {reopen}
          </Pairing>
        );
      case 'camera':
        return (
          <Camera {...props} view={view}>
            {reopen}
          </Camera>
        );
      case 'scanning':
        return (
          <Scanning {...props} view={view}>
            {reopen}
          </Scanning>
        );
      case 'recording':
        return (
          <Recording {...props} view={view}>
            {reopen}
          </Recording>
        );
      case 'ended':
        return <Ended {...props} view={view} />;
    }
  }
}

/**
 * The pairing code in this page's address (`#code=ABCD-EFGH`), and the fragment removed from the address bar and the
 * history entry: a reload must not send a used code again (the kept phone session takes over then).
 */
function takeCodeFromAddress(): string | null {
  const { hash, pathname, search } = globalThis.location ?? {};
  if (!hash || !new URLSearchParams(hash.slice(1)).has('code')) return null;
  globalThis.history?.replaceState(globalThis.history.state, '', `${pathname}${search}`);
  return pairingCodeFrom(hash);
}
