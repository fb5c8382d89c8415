import { Component, Element, Method, Prop, h } from '@stencil/core';
import type { CountdownView } from '@examroom/core';
import { messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/**
 * 考试开始前倒计时页面 (R18): the countdown to the start on the left, and on the right the live camera, the volume bar
 * and the candidate's name and ID. It only shows: at zero the exam machine moves on to the questions by itself.
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The column with the countdown.
 * @csspart aside - The column with the camera, the volume and the personal information.
 * @cssproperty --exam-countdown-timer-size - Font size of the big countdown; 2rem by default (the digits are twice it).
 */
@Component({ tag: 'exam-countdown', styleUrl: 'countdown.css', shadow: true })
export class ExamCountdown {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: CountdownView = { stage: 'countdown', startsAt: 0, deadline: 0, candidate: null, preview: { stream: null, volume: 0 } };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** The server time (epoch ms) from the shell's clock; the countdown shows `view.startsAt − now`. */
  @Prop() now = 0;

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = messages.countdown;
    const { startsAt, candidate, preview } = this.view;
    return (
      <StageSection heading={m.title}>
        <div class="columns">
          <div part="content" class="main">
            <exam-timer class="timer" remainingMs={Math.max(0, startsAt - this.now)} label={m.remaining} warning={false} lang={this.locale}></exam-timer>
            <p class="notice hint">{m.hint}</p>
            <p class="muted">{m.stay}</p>
          </div>
          <aside part="aside" class="aside" aria-label={messages.answering.personalInfo}>
            <exam-video-preview class="video" stream={preview.stream} label={messages.answering.liveVideo} lang={this.locale}></exam-video-preview>
            <exam-volume-meter class="volume" level={preview.volume} label={messages.answering.volume} lang={this.locale}></exam-volume-meter>
            <dl class="info">
              <div>
                <dt>{messages.confirmingInfo.name}</dt>
                <dd class="name">{candidate?.name ?? messages.confirmingInfo.unknown}</dd>
              </div>
              <div>
                <dt>{messages.confirmingInfo.idNumber}</dt>
                <dd class="id-number">{candidate?.idNumberMasked ?? messages.confirmingInfo.unknown}</dd>
              </div>
            </dl>
          </aside>
        </div>
      </StageSection>
    );
  }
}
