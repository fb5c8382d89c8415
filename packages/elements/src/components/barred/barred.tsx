import { Component, Element, Event, Method, Prop, h, type EventEmitter } from '@stencil/core';
import type { BarredView } from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/**
 * The candidate cannot go on (R21 late entry, login closed, R6 taken over by another device, exam over): why, and
 * whom to contact. Or the interview is open in another window or tab of this browser (R6, 「不得多屏登录」): this one
 * says so and, once that window is closed, offers 「在此窗口继续」.
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The reason.
 */
@Component({ tag: 'exam-barred', styleUrl: 'barred.css', shadow: true })
export class ExamBarred {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: BarredView = { stage: 'barred', reason: 'LATE_ENTRY_CLOSED', phase: 'closed', canContinueHere: false };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** A `user.*` command for the exam machine (`user.continueHere`). */
  @Event({ eventName: 'examCommand', bubbles: true, composed: true }) examCommand!: EventEmitter<ExamCommandDetail>;

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = messages.barred;
    const { view } = this;
    if (view.phase === 'closed') {
      return (
        <StageSection heading={m.title}>
          <p part="content" class="alert reason" role="alert">
            {messages.errors[view.reason]}
          </p>
          <p class="contact">{m.contactSupport}</p>
        </StageSection>
      );
    }
    // Another window has the interview: while it is open, go back there; once it is closed, continue here.
    const open = view.phase === 'otherWindowOpen';
    return (
      <StageSection heading={m.otherWindowTitle}>
        <p part="content" class={{ reason: true, alert: open, notice: !open }} role="alert">
          {open ? messages.errors.OPEN_IN_ANOTHER_WINDOW : m.otherWindowClosed}
        </p>
        <p class="status muted" role="status">
          {open ? m.otherWindowNote : view.phase === 'claiming' ? m.claiming : ''}
        </p>
        <div class="actions">
          <button type="button" class="primary continue-here" disabled={!view.canContinueHere} onClick={() => this.examCommand.emit({ type: 'user.continueHere' })}>
            {messages.actions.continueHere}
          </button>
        </div>
        <p class="contact">{m.contactSupport}</p>
      </StageSection>
    );
  }
}
