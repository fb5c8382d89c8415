import { Component, Element, Event, Method, Prop, h, type EventEmitter } from '@stencil/core';
import { DEFAULT_TIME_ZONE, interpolate, type AwaitingEntryView } from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { ErrorAlert } from '../../utils/error-alert';
import { formatDateTime, formatDuration, messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/**
 * 进入考试 (R12–R15, R21): when entry opens, 「刷新」, the rules (one display, whole-screen recording, no switching,
 * no entry 2 minutes after the start), the lot, and 「进入考试」, which enables itself at entry time.
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The box saying whether entry is open, with the timer.
 * @csspart rules - The list of entry rules.
 */
@Component({ tag: 'exam-awaiting-entry', styleUrl: 'awaiting-entry.css', shadow: true })
export class ExamAwaitingEntry {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: AwaitingEntryView = {
    stage: 'awaitingEntry',
    phase: 'notYetOpen',
    entryOpensAt: null,
    entryClosesAt: null,
    timeZone: DEFAULT_TIME_ZONE,
    canEnter: false,
    canRefresh: false,
    lot: null,
    error: null,
  };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** Server time (epoch ms) from the shell, to say how long until entry opens. */
  @Prop() now = 0;

  /** A `user.*` command for the exam machine (`user.refresh`, `user.enter`). */
  @Event({ eventName: 'examCommand', bubbles: true, composed: true }) examCommand!: EventEmitter<ExamCommandDetail>;

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = messages.awaitingEntry;
    const { view } = this;
    return (
      <StageSection heading={m.title}>
        <div part="content" class="state">
          {this.renderOpening()}
          <p class="status muted" role="status">
            {this.phaseText()}
          </p>
        </div>
        <ul part="rules" class="rules">
          <li>{m.oneDisplay}</li>
          <li>{m.screenRecording}</li>
          <li>{m.noSwitching}</li>
          {view.entryClosesAt !== null && <li class="closes-at">{interpolate(m.closesAt, { time: formatDateTime(messages, view.entryClosesAt, view.timeZone) })}</li>}
        </ul>
        <p class="lot">{view.lot !== null ? interpolate(m.lot, { lot: view.lot }) : m.lotPending}</p>
        <ErrorAlert error={view.error} messages={messages} />
        <div class="actions">
          <button type="button" disabled={!view.canRefresh} onClick={() => this.examCommand.emit({ type: 'user.refresh' })}>
            {messages.actions.refresh}
          </button>
          <button type="button" class="primary enter" disabled={!view.canEnter} onClick={() => this.examCommand.emit({ type: 'user.enter' })}>
            {messages.actions.enter}
          </button>
        </div>
      </StageSection>
    );
  }

  /** Before entry opens: when, how long, and a timer; once open: that it is time to enter. */
  private renderOpening() {
    const messages = messagesFor(this.locale);
    const m = messages.awaitingEntry;
    const { view } = this;
    if (view.phase === 'notYetOpen' || view.phase === 'refreshing') {
      if (view.entryOpensAt === null) return null;
      const remaining = Math.max(0, view.entryOpensAt - this.now);
      return [
        <p class="not-yet-open">
          {interpolate(m.notYetOpen, { time: formatDateTime(messages, view.entryOpensAt, view.timeZone), remaining: formatDuration(messages, remaining) })}
        </p>,
        <exam-timer remainingMs={remaining} label={m.opensIn} lang={this.locale}></exam-timer>,
      ];
    }
    return <p class="open">{m.open}</p>;
  }

  /** What is happening right now, for the polite status line. */
  private phaseText(): string {
    const m = messagesFor(this.locale).awaitingEntry;
    switch (this.view.phase) {
      case 'refreshing':
        return m.refreshing;
      case 'checkingDisplay':
        return m.checkingDisplay;
      case 'sharingScreen':
        return m.sharingScreen;
      case 'entering':
        return m.entering;
      default:
        return '';
    }
  }
}
