import { Component, Element, Event, Method, Prop, h, type EventEmitter } from '@stencil/core';
import { interpolate, type Messages, type ResumingView } from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { ErrorAlert } from '../../utils/error-alert';
import { messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/**
 * 继续面试: back after a reload or a browser restart, before the stage after entry the candidate had reached. It asks
 * only for what the browser lost: the camera, when it could not be reopened by itself (「重新打开摄像头」), and the
 * screen share, which a browser gives only on a click (「重新共享屏幕」). Returning to 开始答题 it shows the answer time
 * left, which runs on meanwhile.
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - What is asked for, with its button.
 */
@Component({ tag: 'exam-resuming', styleUrl: 'resuming.css', shadow: true })
export class ExamResuming {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: ResumingView = { stage: 'resuming', phase: 'openingCamera', returnsTo: 'answering', deadline: null, canShare: false, canReopenCamera: false, error: null };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** Server time (epoch ms) from the shell, for the answer time left. */
  @Prop() now = 0;

  /** A `user.*` command for the exam machine (`user.shareScreen`, `user.reopenCamera`). */
  @Event({ eventName: 'examCommand', bubbles: true, composed: true }) examCommand!: EventEmitter<ExamCommandDetail>;

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = messages.resuming;
    const { view } = this;
    return (
      <StageSection heading={m.title}>
        <p class="intro">{m.intro}</p>
        {view.deadline !== null && (
          <div class="time">
            <exam-timer class="timer" remainingMs={Math.max(0, view.deadline - this.now)} label={m.timeLeft} lang={this.locale}></exam-timer>
            <p class="notice">{m.timeRuns}</p>
          </div>
        )}
        <div part="content" class="ask">
          {view.phase === 'cameraFailed' ? (
            <p class="camera">{m.cameraFailed}</p>
          ) : (
            <p class="screen">{interpolate(m.shareScreen, { stage: stageTitle(messages, view.returnsTo) })}</p>
          )}
          <p class="status muted" role="status">
            {view.phase === 'openingCamera' ? m.openingCamera : view.phase === 'sharingScreen' ? m.sharing : ''}
          </p>
          <ErrorAlert error={view.error} messages={messages} />
          <div class="actions">
            {view.phase === 'cameraFailed' ? (
              <button type="button" class="primary reopen-camera" disabled={!view.canReopenCamera} onClick={() => this.examCommand.emit({ type: 'user.reopenCamera' })}>
                {messages.actions.reopenCamera}
              </button>
            ) : (
              <button type="button" class="primary share-screen" disabled={!view.canShare} onClick={() => this.examCommand.emit({ type: 'user.shareScreen' })}>
                {messages.actions.shareScreen}
              </button>
            )}
          </div>
        </div>
      </StageSection>
    );
  }
}

/** The title of the stage the candidate returns to, as its own page shows it. */
function stageTitle(messages: Messages, stage: ResumingView['returnsTo']): string {
  return messages[stage].title;
}
