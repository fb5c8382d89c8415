import { Component, Element, Event, Method, Prop, State, Watch, h, type EventEmitter } from '@stencil/core';
import { DEFAULT_TIME_ZONE, type ErrorCode, type HelpMessage } from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { ErrorAlert } from '../../utils/error-alert';
import { formatTimeOfDay, messagesFor } from '../../utils/i18n';

/** What <exam-help-chat> shows: core's `AnsweringView.help` parts it needs, and the help error if any. */
export interface HelpChatView {
  readonly messages: readonly HelpMessage[];
  readonly sending: boolean;
  readonly unsent: string | null;
  readonly error: ErrorCode | null;
}

/** The longest message the server accepts (SendHelpBody in the REST contract). */
const MAX_LENGTH = 2000;

/**
 * 求助 (R27): a non-modal panel where the candidate writes to the supervisor during the exam. It shows the
 * conversation so far, keeps what the candidate typed until the server has acknowledged it (`unsent` clears or the
 * message appears), and sends `user.sendHelp` / `user.closeHelp`. Escape closes it; focus moves into the box when the
 * panel appears. A host may keep it in the page with `hidden` while closed, so a half-written message survives.
 *
 * @csspart container - The panel (`role="dialog"`).
 * @csspart heading - The panel's title.
 * @csspart log - The message log (`role="log"`).
 * @csspart input - The text box.
 * @cssproperty --exam-help-chat-log-max-block-size - Tallest the log grows before it scrolls; 18rem by default.
 * @cssproperty --exam-help-chat-supervisor-color - Background of the supervisor's messages; a tint of the brand colour.
 */
@Component({ tag: 'exam-help-chat', styleUrl: 'help-chat.css', shadow: true })
export class ExamHelpChat {
  @Element() host!: HTMLElement;

  /** The conversation so far, oldest first (core's `AnsweringView.help.messages`). */
  @Prop() messages: readonly HelpMessage[] = [];

  /** A message is on its way to the server: the box is read-only and 「发送」 disabled meanwhile. */
  @Prop() sending = false;

  /** Text the server has not acknowledged yet; it prefills the box so nothing typed is lost. */
  @Prop() unsent: string | null = null;

  /** Why the last message could not be sent (HELP_MESSAGE_EMPTY, HELP_MESSAGE_FAILED), shown beside the box. */
  @Prop() error: ErrorCode | null = null;

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** The exam's IANA time zone (core's `AnsweringView.timeZone`): the messages' times show in it, not the browser's. */
  @Prop() timeZone: string = DEFAULT_TIME_ZONE;

  /** What is in the text box. */
  @State() draft = '';

  /** `user.sendHelp` with the typed text, or `user.closeHelp`. */
  @Event({ eventName: 'examCommand', bubbles: true, composed: true }) examCommand!: EventEmitter<ExamCommandDetail>;

  private input?: HTMLTextAreaElement;
  private log?: HTMLDivElement;
  private lastMessageCount = 0;

  @Watch('unsent')
  protected unsentChanged(current: string | null, previous: string | null): void {
    if (current !== null && this.draft.trim() === '') this.draft = current;
    // The server acknowledged the text: clear it unless the candidate has typed something else meanwhile.
    else if (current === null && previous !== null && this.draft.trim() === previous.trim()) this.draft = '';
  }

  @Watch('messages')
  protected messagesChanged(current: readonly HelpMessage[], previous: readonly HelpMessage[]): void {
    const known = new Set(previous.map((message) => message.id));
    const draft = this.draft.trim();
    const arrived = current.some((message) => !known.has(message.id) && message.from === 'candidate' && message.text.trim() === draft);
    if (draft && arrived) this.draft = '';
  }

  componentWillLoad(): void {
    this.draft = this.unsent ?? '';
  }

  componentDidLoad(): void {
    // Appearing open is opening: take the candidate to the box (a host that hides the panel calls setFocus on show).
    if (!this.host.hidden) this.input?.focus();
  }

  componentDidRender(): void {
    if (this.log && this.messages.length !== this.lastMessageCount) this.log.scrollTop = this.log.scrollHeight;
    this.lastMessageCount = this.messages.length;
  }

  /** Moves focus to the text box. */
  @Method()
  async setFocus(): Promise<void> {
    this.input?.focus();
  }

  private readonly send = () => {
    const text = this.draft.trim();
    if (!text || this.sending) return;
    this.examCommand.emit({ type: 'user.sendHelp', text });
  };

  private readonly close = () => {
    this.examCommand.emit({ type: 'user.closeHelp' });
  };

  private readonly onInput = (event: Event) => {
    this.draft = (event.target as HTMLTextAreaElement).value;
  };

  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.close();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && event.target === this.input) {
      event.preventDefault();
      this.send();
    }
  };

  private readonly onSubmit = (event: Event) => {
    event.preventDefault();
    this.send();
  };

  render() {
    const m = messagesFor(this.locale);
    const blank = this.draft.trim() === '';
    return (
      <section
        part="container"
        class="panel"
        role="dialog"
        aria-modal="false"
        aria-labelledby="help-title"
        aria-describedby="help-intro"
        onKeyDown={this.onKeyDown}
      >
        <h3 id="help-title" part="heading" class="title">
          {m.help.title}
        </h3>
        <p id="help-intro" class="intro">
          {m.help.intro}
        </p>
        <div part="log" class="log" role="log" aria-live="polite" aria-label={m.help.log} tabindex={0} ref={(el) => (this.log = el)}>
          {this.messages.length === 0 ? (
            <p class="empty">{m.help.empty}</p>
          ) : (
            <ol class="messages">
              {this.messages.map((message) => (
                <li key={message.id} class={{ message: true, [message.from]: true }}>
                  <p class="meta">
                    <span class="who">{message.from === 'candidate' ? m.help.you : m.help.supervisor}</span>
                    <time dateTime={new Date(message.at).toISOString()}>{formatTimeOfDay(m, message.at, this.timeZone)}</time>
                  </p>
                  <p class="text">{message.text}</p>
                </li>
              ))}
            </ol>
          )}
        </div>
        <form class="compose" onSubmit={this.onSubmit}>
          <label htmlFor="help-input" class="label">
            {m.help.inputLabel}
          </label>
          <textarea
            id="help-input"
            part="input"
            rows={3}
            maxLength={MAX_LENGTH}
            placeholder={m.help.placeholder}
            aria-describedby="help-shortcut"
            aria-invalid={this.error ? 'true' : undefined}
            aria-errormessage={this.error ? 'help-error' : undefined}
            readOnly={this.sending}
            value={this.draft}
            onInput={this.onInput}
            ref={(el) => (this.input = el)}
          ></textarea>
          <p id="help-shortcut" class="hint">
            {m.help.sendShortcut}
          </p>
          <ErrorAlert id="help-error" error={this.error} messages={m} />
          <div class="buttons">
            <button type="submit" class="primary send" disabled={this.sending || blank}>
              {m.actions.send}
            </button>
            <button type="button" class="close" onClick={this.close}>
              {m.actions.close}
            </button>
            <span class="status" role="status">
              {this.sending ? m.help.sending : ''}
            </span>
          </div>
        </form>
      </section>
    );
  }
}
