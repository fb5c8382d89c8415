import { Component, Element, Method, Prop, h } from '@stencil/core';
import type { BarredView } from '@examroom/core';
import { messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/**
 * The candidate cannot go on (R21 late entry, login closed, R6 taken over by another device, exam over): why, and
 * whom to contact.
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The reason.
 */
@Component({ tag: 'exam-barred', styleUrl: 'barred.css', shadow: true })
export class ExamBarred {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: BarredView = { stage: 'barred', reason: 'LATE_ENTRY_CLOSED' };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = messages.barred;
    return (
      <StageSection heading={m.title}>
        <p part="content" class="alert reason" role="alert">
          {messages.errors[this.view.reason]}
        </p>
        <p class="contact">{m.contactSupport}</p>
      </StageSection>
    );
  }
}
