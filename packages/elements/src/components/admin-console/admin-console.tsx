import { Component, Element, Event, Prop, State, Watch, h, type EventEmitter } from '@stencil/core';
import { ADMIN_CONSOLE_LOCALES, ADMIN_SECTIONS, DEFAULT_TIME_ZONE, ErrorCode, RESULTS_EXPORT_LOCALES, resolveLocale, type AdminActor, type AdminPorts, type AdminSection, type AdminView } from '@examroom/core';
import { ErrorAlert } from '../../utils/error-alert';
import { messagesFor } from '../../utils/i18n';
import { loadPortsAndMachine } from '../../utils/lazy-start';
import { focusHeading } from '../../utils/stage-section';
import type { AdminCommandDetail } from './admin-console-interface';
import { Audit } from './audit';
import { Exams } from './exams';
import { Login } from './login';
import { QuestionSets } from './question-sets';
import { Results } from './results';
import { Roster } from './roster';
import { Sittings } from './sittings';
import type { StageProps } from './stage-parts';
import { Supervisors } from './supervisors';

/** The ports the element runs on, and how to let go of them. */
interface LoadedPorts {
  readonly ports: AdminPorts;
  dispose(): void;
}

/** The section of the navigation a stage belongs to (an exam's tabs are the exams'). */
const SECTION_OF: Readonly<Record<AdminView['stage'], AdminSection | null>> = {
  login: null,
  exams: 'exams',
  sittings: 'exams',
  questionSets: 'exams',
  roster: 'exams',
  results: 'exams',
  supervisors: 'supervisors',
  audit: 'audit',
};

/**
 * The administrator's console (考试管理), served at `/admin`: login (设置新密码 after a one-time password), the exams
 * with their rules, one exam's sittings, question sets, roster (考生名单: import, photos, the initial passwords) and
 * results (结果导出: CSV, Excel, each candidate's archive), the supervisors and what they watch, and the audit log. A
 * thin view over core's adminMachine: it renders the stage of `selectAdminView` and sends the forms' and buttons'
 * `user.*` commands. Its own lazy chunk: neither the candidate's page nor the supervisor's console loads it.
 *
 * @csspart container - The page the stage renders in.
 * @csspart heading - The stage heading; it takes focus when the stage changes.
 */
@Component({ tag: 'exam-admin-console', styleUrl: 'admin-console.css', shadow: true })
export class ExamAdminConsole {
  @Element() host!: HTMLElement;

  /** Origin (and path prefix, if any) of the examroom server; empty = this page's. */
  @Prop() apiBase?: string;

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /**
   * The IANA time zone of the times that belong to no exam (the audit log); Asia/Shanghai by default. An exam's
   * sittings are always entered and shown in the exam's own zone.
   */
  @Prop() timeZone?: string;

  /** The console's ports (core's AdminPorts), for integrators and tests; wins over `api-base`. */
  @Prop() ports?: AdminPorts;

  /** A view to show as it is, starting nothing (stories, visual tests); unset, the element runs the machine. */
  @Prop() view?: AdminView;

  /** The machine's view while the element runs it. */
  @State() running: AdminView | null = null;
  /** Why the console could not start (its modules or ports failed to load). */
  @State() startError: ErrorCode | null = null;
  /** The one-time password last copied to the clipboard (the 已复制 note shows for it only). */
  @State() copiedPassword: string | null = null;

  /** A `user.*` command from the console's buttons and forms (sent to the machine when the element runs it). */
  @Event({ eventName: 'adminCommand', bubbles: true, composed: true }) adminCommand!: EventEmitter<AdminCommandDetail>;

  private actor: AdminActor | null = null;
  private loaded: LoadedPorts | null = null;
  private teardown: (() => void)[] = [];
  /** Bumped on every (re)start, so that a slow lazy load for an old configuration is dropped. */
  private generation = 0;
  /** The stage that last got focus; the first stage leaves focus alone. */
  private focused: string | null = null;
  /** The form open and the refusal shown at the last render: focus moves when either changes. */
  private lastEditing: string | null = null;
  private lastFormError: string | null = null;
  private lastConfirming: string | null = null;

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
  }

  componentDidRender(): void {
    const view = this.view ?? this.running;
    if (!view) return;
    const editing = 'editing' in view ? view.editing : null;
    const formError = 'formError' in view ? view.formError : view.stage === 'login' ? (view.passwordProblem ?? view.error) : null;
    const stageChanged = view.stage !== this.focused;
    const first = this.focused === null;
    const opened = editing !== null && editing !== this.lastEditing;
    const closed = editing === null && this.lastEditing !== null;
    const refused = formError !== null && formError !== this.lastFormError;
    const confirming = 'deleting' in view && view.phase === 'confirming' ? view.deleting : null;
    const asked = confirming !== null && confirming !== this.lastConfirming;
    this.lastConfirming = confirming;
    this.focused = view.stage;
    this.lastEditing = editing;
    this.lastFormError = formError;
    const root = this.host.shadowRoot;
    if (stageChanged) {
      if (!first) focusHeading(this.host);
    } else if (refused) {
      // The field the refusal is about, else the refusal itself.
      (root?.querySelector<HTMLElement>('form [aria-invalid="true"]:not([disabled])') ?? root?.querySelector<HTMLElement>('.form-error'))?.focus();
    } else if (asked) {
      root?.querySelector<HTMLElement>('[data-confirm]')?.focus();
    } else if (opened) {
      root?.querySelector<HTMLElement>('.record-form :is(input, select, textarea):not([disabled]):not([hidden])')?.focus();
    } else if (closed) {
      focusHeading(this.host);
    }
  }

  @Watch('apiBase')
  @Watch('ports')
  @Watch('view')
  protected configurationChanged(): void {
    this.stop();
    void this.start();
  }

  private readonly send = (command: AdminCommandDetail): void => {
    this.adminCommand.emit(command);
    this.actor?.send(command);
  };

  private readonly copyPassword = (password: string): void => {
    void globalThis.navigator?.clipboard?.writeText(password).then(
      () => (this.copiedPassword = password),
      () => (this.copiedPassword = null),
    );
  };

  private async start(): Promise<void> {
    const generation = ++this.generation;
    this.startError = null;
    if (this.view) return;
    const loaded = await loadPortsAndMachine(
      () => this.loadPorts(),
      () => import('../../utils/admin-machine'),
      () => generation === this.generation,
      (code) => (this.startError = code),
    );
    if (!loaded) return;
    const { createAdminActor, selectAdminView } = loaded.machine;
    this.loaded = loaded.ports;
    const actor = createAdminActor({ ports: loaded.ports.ports });
    this.actor = actor;
    const snapshots = actor.subscribe((snapshot) => {
      this.running = selectAdminView(snapshot);
    });
    this.teardown = [() => snapshots.unsubscribe()];
    actor.start();
  }

  private async loadPorts(): Promise<LoadedPorts> {
    // Integrators (and tests) who bring ports load none of the browser adapters.
    if (this.ports) return { ports: this.ports, dispose: () => undefined };
    const runtime = await import('../../utils/admin-runtime');
    return runtime.createAdminPorts(this.apiBase ?? '', resolveLocale(this.locale));
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
    const m = ADMIN_CONSOLE_LOCALES[resolveLocale(this.locale)];
    const view = this.view ?? this.running;
    const section = view ? SECTION_OF[view.stage] : null;
    const props = { m, messages, timeZone: this.timeZone || DEFAULT_TIME_ZONE, send: this.send };
    return (
      <div part="container" class="page">
        <header class="masthead">
          <span class="title">{m.title}</span>
          {section ? (
            <nav aria-label={m.navigation}>
              <ul class="sections">
                {ADMIN_SECTIONS.map((each) => (
                  <li key={each}>
                    <button type="button" data-section={each} aria-current={each === section ? 'page' : 'false'} onClick={() => this.send({ type: 'user.navigate', section: each })}>
                      {m.sections[each]}
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {section ? (
            <button type="button" class="logout" onClick={() => this.send({ type: 'user.logout' })}>
              {m.logout}
            </button>
          ) : null}
        </header>
        <main>
          {this.startError ? (
            <ErrorAlert error={this.startError} messages={messages} />
          ) : view ? (
            this.renderStage(view, props)
          ) : (
            <p class="status" role="status">
              {m.loading}
            </p>
          )}
        </main>
      </div>
    );
  }

  private renderStage(view: AdminView, props: Omit<StageProps<never>, 'view'>) {
    switch (view.stage) {
      case 'login':
        return <Login {...props} view={view} />;
      case 'exams':
        return <Exams {...props} view={view} />;
      case 'sittings':
        return <Sittings {...props} view={view} />;
      case 'questionSets':
        return <QuestionSets {...props} view={view} />;
      case 'roster':
        return <Roster {...props} view={view} />;
      case 'results':
        return <Results {...props} view={view} words={RESULTS_EXPORT_LOCALES[resolveLocale(this.locale)]} />;
      case 'supervisors': {
        const password = view.created?.password ?? null;
        return <Supervisors {...props} view={view} passwordCopy={{ copied: password !== null && password === this.copiedPassword, copy: this.copyPassword }} />;
      }
      case 'audit':
        return <Audit {...props} view={view} />;
    }
  }
}
