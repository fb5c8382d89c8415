import { Component, Element, Event, Method, Prop, h, type EventEmitter } from '@stencil/core';
import type { ReadingPledgeView } from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { ErrorAlert } from '../../utils/error-alert';
import { messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/**
 * 考试承诺书 and 考试须知 (R17): both texts, a checkbox to accept each, and the button to the countdown page, enabled
 * once both are accepted.
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The two documents.
 * @csspart document - Each document's box (承诺书, 须知).
 * @cssproperty --exam-reading-pledge-document-background - Background of each document; falls back to `--exam-color-surface`.
 */
@Component({ tag: 'exam-reading-pledge', styleUrl: 'reading-pledge.css', shadow: true })
export class ExamReadingPledge {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: ReadingPledgeView = { stage: 'readingPledge', pledgeAccepted: false, noticeAccepted: false, canContinue: false, error: null };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** A `user.*` command for the exam machine (`user.setPledgeAccepted`, `user.setNoticeAccepted`, `user.continue`). */
  @Event({ eventName: 'examCommand', bubbles: true, composed: true }) examCommand!: EventEmitter<ExamCommandDetail>;

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  /** The box shows the machine's value, not the click's: it changes when the view does. */
  private toggled(input: HTMLInputElement, shown: boolean, onChange: (accepted: boolean) => void): void {
    const accepted = input.checked;
    input.checked = shown;
    onChange(accepted);
  }

  private renderDocument(id: string, title: string, items: readonly string[], label: string, checked: boolean, onChange: (accepted: boolean) => void) {
    return (
      <section part="document" class={`document document-${id}`} aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>{title}</h3>
        <ol>
          {items.map((item) => (
            <li>{item}</li>
          ))}
        </ol>
        <label class="accept">
          <input type="checkbox" id={`${id}-accept`} checked={checked} onChange={(event) => this.toggled(event.target as HTMLInputElement, checked, onChange)} />
          <span>{label}</span>
        </label>
      </section>
    );
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = messages.readingPledge;
    const { pledgeAccepted, noticeAccepted, canContinue, error } = this.view;
    return (
      <StageSection heading={m.title}>
        <div part="content" class="documents">
          {this.renderDocument('pledge', m.pledgeTitle, m.pledge, messages.actions.acceptPledge, pledgeAccepted, (accepted) =>
            this.examCommand.emit({ type: 'user.setPledgeAccepted', accepted }),
          )}
          {this.renderDocument('notice', m.noticeTitle, m.notice, messages.actions.acceptNotice, noticeAccepted, (accepted) =>
            this.examCommand.emit({ type: 'user.setNoticeAccepted', accepted }),
          )}
        </div>
        <ErrorAlert error={error} messages={messages} />
        <div class="actions">
          <button
            type="button"
            class="primary"
            disabled={!canContinue}
            aria-describedby={canContinue ? undefined : 'must-accept'}
            onClick={() => this.examCommand.emit({ type: 'user.continue' })}
          >
            {messages.actions.startExam}
          </button>
          {!canContinue && (
            <p id="must-accept" class="muted must-accept">
              {m.mustAccept}
            </p>
          )}
        </div>
      </StageSection>
    );
  }
}
