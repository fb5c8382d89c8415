import { Component, Element, Method, Prop, h } from '@stencil/core';
import { DEFAULT_TIME_ZONE, interpolate, isPhoneSilent, type FinishedView, type Messages } from '@examroom/core';
import { formatDateTime, formatDuration, formatMegabytes, messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/**
 * 上传成功 (R28–R31): the videos are on the server, why the interview ended, and what is left to do by hand: stop the
 * phone's evidence recording and confirm within 60 minutes that it uploaded. The phone's evidence is shown live until
 * it is complete (R30): 「请在手机上点击「结束录制」」 while it records, the upload's progress once stopped, 已上传 at
 * the end, 手机无响应 when the server has not heard from it for a minute; and the time left of the 60 minutes, counting
 * down on the server time the shell gives as `now`.
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The box with the phone evidence reminder.
 * @cssproperty --exam-finished-success-color - Colour of the success mark and border; falls back to `--exam-color-success`.
 */
@Component({ tag: 'exam-finished', styleUrl: 'finished.css', shadow: true })
export class ExamFinished {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: FinishedView = {
    stage: 'finished',
    finishReason: 'completed',
    evidenceDueAt: null,
    timeZone: DEFAULT_TIME_ZONE,
    phone: { state: null, required: false, replaced: false, bytesReceived: null, bytesExpected: null, percent: null, silentFrom: null },
  };

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
    const { evidenceDueAt, phone } = this.view;
    const evidence = phone.state;
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
        {this.renderUpload(messages)}
        <p class="contact">{m.contactSupport}</p>
      </div>
    );
  }

  /** What the phone's evidence needs now: stopping by hand, the upload's progress, or nothing more; or that it is silent. */
  private renderUpload(messages: Messages) {
    const m = messages.finished;
    const { phone } = this.view;
    const silent = this.now > 0 && isPhoneSilent(phone, this.now);
    return [
      phone.state === 'recording' && <p class="stop-recording">{m.stopRecording}</p>,
      phone.state === 'stopped' && (
        <div class="uploading">
          <p class="upload-text">
            {phone.bytesExpected === null
              ? interpolate(m.evidenceUploadingUnsized, { received: formatMegabytes(messages, phone.bytesReceived ?? 0) })
              : interpolate(m.evidenceUploading, { received: formatMegabytes(messages, phone.bytesReceived ?? 0), expected: formatMegabytes(messages, phone.bytesExpected) })}
          </p>
          {phone.percent !== null && <exam-upload-progress kind="evidence" percent={phone.percent} state="uploading" lang={this.locale}></exam-upload-progress>}
        </div>
      ),
      phone.state === 'uploaded' && <p class="uploaded">{m.evidenceUploaded}</p>,
      silent && (
        <div class="alert phone-silent" role="alert">
          <p class="silent">{m.phoneSilent}</p>
          <p class="silent-help">{m.phoneSilentHelp}</p>
        </div>
      ),
    ];
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = messages.finished;
    const { finishReason, phone } = this.view;
    return (
      <StageSection heading={m.title}>
        <p class="success">{m.success}</p>
        <p class="reason">{m.reasons[finishReason]}</p>
        {(phone.required || (phone.state !== null && phone.state !== 'waitingForPhone')) && this.renderEvidence(messages)}
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
