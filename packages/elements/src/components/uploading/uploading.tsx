import { Component, Element, Event, Method, Prop, h, type EventEmitter } from '@stencil/core';
import { ErrorCode, type RecordingUploadState, type UploadingView } from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { ErrorAlert } from '../../utils/error-alert';
import { formatPercent, messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';
import { toPercent } from '../../utils/percent';

/**
 * 视频上传 (R28, R29): a progress bar per recording and overall, what is happening now, and when the upload failed
 * what to do and 「重新上传」. The recordings stay on this computer until the server holds them, which it says plainly.
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The list of recordings.
 * @csspart track - The overall progress bar's background, which carries the progressbar role.
 * @csspart indicator - The filled part of the overall bar.
 * @cssproperty --exam-uploading-color - Colour of the overall bar; falls back to `--exam-color-brand`.
 */
@Component({ tag: 'exam-uploading', styleUrl: 'uploading.css', shadow: true })
export class ExamUploading {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: UploadingView = { stage: 'uploading', phase: 'sending', finishRecorded: false, recordings: [], percent: 0, canRetry: false, uploadError: null };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** A `user.*` command for the exam machine (here `user.retryUpload`). */
  @Event({ eventName: 'examCommand', bubbles: true, composed: true }) examCommand!: EventEmitter<ExamCommandDetail>;

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = messages.uploading;
    const { phase, finishRecorded, recordings, canRetry, uploadError } = this.view;
    const percent = toPercent(this.view.percent);
    const status = phase === 'waitingForNetwork' ? m.waitingForNetwork : phase === 'sending' ? (finishRecorded ? m.sending : m.finishing) : '';
    // While failed, the guidance already says the upload failed; the error shows only when it names another cause.
    const error = uploadError === ErrorCode.UPLOAD_FAILED && phase === 'failed' ? null : uploadError;
    return (
      <StageSection heading={m.title}>
        <p class="intro">{m.intro}</p>
        <p class="notice safe">{m.safe}</p>

        <div class="overall">
          <div class="overall-header">
            <span id="overall-label" class="overall-label">
              {m.overall}
            </span>
            <span class="overall-percent" aria-hidden="true">
              {formatPercent(messages, percent)}
            </span>
          </div>
          <div
            part="track"
            class="track"
            role="progressbar"
            aria-labelledby="overall-label"
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow={String(percent)}
            aria-valuetext={formatPercent(messages, percent)}
          >
            <div part="indicator" class="indicator" style={{ inlineSize: `${percent}%` }} />
          </div>
        </div>

        <ul part="content" class="recordings">
          {recordings.map((recording) => (
            <li key={recording.recordingId}>
              <exam-upload-progress kind={recording.kind} state={displayState(recording.state)} percent={recording.percent} lang={this.locale}></exam-upload-progress>
            </li>
          ))}
        </ul>

        <p class={{ status: true, waiting: phase === 'waitingForNetwork' }} role="status" aria-live="polite">
          {status}
        </p>
        {phase === 'failed' && (
          <div class="alert failed" role="alert">
            <p>{m.failedGuidance}</p>
          </div>
        )}
        <ErrorAlert class="upload-error" error={error} messages={messages} />
        {phase === 'failed' && (
          <div class="actions">
            <button type="button" class="primary" disabled={!canRetry} onClick={() => this.examCommand.emit({ type: 'user.retryUpload' })}>
              {messages.actions.retryUpload}
            </button>
          </div>
        )}
      </StageSection>
    );
  }
}

/** After the exam nothing records any more: a recording whose bytes are all sent is still being finished. */
function displayState(state: RecordingUploadState): RecordingUploadState {
  return state === 'recording' ? 'uploading' : state;
}
