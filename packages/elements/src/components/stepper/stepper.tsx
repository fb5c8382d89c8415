import { Component, Prop, h } from '@stencil/core';
import type { StepperItem } from '@examroom/core';
import { messagesFor } from '../../utils/i18n';

/**
 * The candidate guide's stages in order, each with its status as text; the current one has `aria-current="step"`.
 *
 * @csspart container - The ordered list of stages.
 * @csspart indicator - The number (✓ once done) in front of a stage.
 * @csspart label - A stage's name.
 * @cssproperty --exam-stepper-current-color - Colour of the current stage; falls back to `--exam-color-brand`.
 * @cssproperty --exam-stepper-done-color - Colour of completed stages; falls back to `--exam-color-success`.
 */
@Component({ tag: 'exam-stepper', styleUrl: 'stepper.css', shadow: true })
export class ExamStepper {
  /** The stages and their status, as core's `selectStepper` returns them. */
  @Prop() items: readonly StepperItem[] = [];

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  render() {
    const m = messagesFor(this.locale);
    return (
      <nav aria-label={m.app.stepperLabel}>
        <ol part="container" class="steps">
          {this.items.map((item, index) => (
            <li key={item.step} class={`step ${item.status}`} aria-current={item.status === 'current' ? 'step' : undefined}>
              <span part="indicator" class="indicator" aria-hidden="true">
                {item.status === 'done' ? '✓' : index + 1}
              </span>
              <span part="label" class="label">
                {m.steps[item.step]}
              </span>
              <span class="status">{m.stageStatus[item.status]}</span>
            </li>
          ))}
        </ol>
      </nav>
    );
  }
}
