import { Component, Element, Method, Prop, h } from '@stencil/core';
import { DEFAULT_TIME_ZONE, interpolate, type FinishedView, type Messages } from '@examroom/core';
import { formatDateTime, formatDuration, messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/**
 * 上传成功 (R28–R31): the videos are on the server, why the interview ended, and what is left to do by hand: stop the
 * phone's evidence recording and confirm within 60 minutes that it uploaded, with the time left until then.
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The box with the phone evidence reminder.
 * @cssproperty --exam-finished-success-color - Colour of the success mark and border; falls back to `--exam-color-success`.
 */
@Component({ tag: 'exam-finished', styleUrl: 'finished.css', shadow: true })
export class ExamFinished {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: FinishedView = { stage: 'finished', finishReason: 'completed', evidenceDueAt: null, timeZone: DEFAULT_TIME_ZONE, evidence: null, requireEvidence: false };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** The server time (epoch ms) from the shell's clock; the time left is `view.evidenceDueAt − now`. 0 = not known yet. */
  @Prop() now = 0;

  /** Where 「返回首页」 leads once the upload is complete (R29): the host portal's page; no link when unset. */
  @Prop() homeUrl?: string;

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  private renderEvidence(messages: Messages) {
    const m = messages.finished;
    const { evidenceDueAt, evidence } = this.view;
    const uploaded = evidence === 'uploaded';
    const remaining = evidenceDueAt !== null && this.now > 0 ? evidenceDueAt - this.now : null;
    const [before = '', after = ''] = m.stopPhone.split('{time}');
    return (
      <div part="content" class="evidence">
        {evidenceDueAt === null ? (
          <p class="stop-phone">{m.stopPhoneUndated}</p>
        ) : (
          <p class="stop-phone">
            {before}
            <time dateTime={new Date(evidenceDueAt).toISOString()}>{formatDateTime(messages, evidenceDueAt, this.view.timeZone)}</time>
            {after}
          </p>
        )}
        {!uploaded && remaining !== null && remaining > 0 && <p class="remaining">{interpolate(m.evidenceRemaining, { remaining: formatDuration(messages, remaining) })}</p>}
        {!uploaded && remaining !== null && remaining <= 0 && (
          <p class="alert overdue" role="alert">
            {m.evidenceOverdue}
          </p>
        )}
        <p class="phone-status" role="status">
          {evidence && interpolate(m.phoneStatus, { state: messages.evidence[evidence] })}
        </p>
        <p class="contact">{m.contactSupport}</p>
      </div>
    );
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = messages.finished;
    const { finishReason, evidence, requireEvidence } = this.view;
    return (
      <StageSection heading={m.title}>
        <p class="success">{m.success}</p>
        <p class="reason">{m.reasons[finishReason]}</p>
        {(requireEvidence || evidence !== null) && this.renderEvidence(messages)}
        <p class="muted keep-files">{m.keepFiles}</p>
        {this.homeUrl && (
          <div class="actions">
            <a class="home" href={this.homeUrl}>
              {messages.actions.backHome}
            </a>
          </div>
        )}
      </StageSection>
    );
  }
}
