import { Component, Element, Event, Method, Prop, h, type EventEmitter } from '@stencil/core';
import type { ReadingProcessView } from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/**
 * 阅读面试流程 (R2): the interview's procedure, step by step, and 「下一步」.
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The list of steps.
 */
@Component({ tag: 'exam-reading-process', styleUrl: 'reading-process.css', shadow: true })
export class ExamReadingProcess {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: ReadingProcessView = { stage: 'readingProcess', canContinue: true };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** A `user.*` command for the exam machine (here `user.continue`). */
  @Event({ eventName: 'examCommand', bubbles: true, composed: true }) examCommand!: EventEmitter<ExamCommandDetail>;

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  render() {
    const m = messagesFor(this.locale).readingProcess;
    const actions = messagesFor(this.locale).actions;
    return (
      <StageSection heading={m.title}>
        <p class="intro">{m.intro}</p>
        <ol part="content" class="steps">
          {m.steps.map((step) => (
            <li>{step}</li>
          ))}
        </ol>
        <div class="actions">
          <button type="button" class="primary" disabled={!this.view.canContinue} onClick={() => this.examCommand.emit({ type: 'user.continue' })}>
            {actions.continue}
          </button>
        </div>
      </StageSection>
    );
  }
}
