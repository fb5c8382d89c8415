import { Component, Element, Event, Method, Prop, h, type EventEmitter } from '@stencil/core';
import type { DrawingLotView } from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { ErrorAlert } from '../../utils/error-alert';
import { messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/**
 * 抽签 (R11): 「抽签」, then the lot number, big and clear; 「下一步」 (without a draw the system assigns a lot).
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The box that shows the lot (or that none is drawn yet).
 * @csspart lot - The lot number itself.
 * @cssproperty --exam-drawing-lot-lot-size - Font size of the lot number; 3.5rem by default.
 */
@Component({ tag: 'exam-drawing-lot', styleUrl: 'drawing-lot.css', shadow: true })
export class ExamDrawingLot {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: DrawingLotView = { stage: 'drawingLot', lot: null, drawing: false, canDraw: true, canContinue: true, error: null };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** A `user.*` command for the exam machine (`user.draw`, `user.continue`). */
  @Event({ eventName: 'examCommand', bubbles: true, composed: true }) examCommand!: EventEmitter<ExamCommandDetail>;

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = messages.drawingLot;
    const { view } = this;
    const drawn = view.lot !== null;
    // The template's text around {lot} stays as written; the number itself is set large.
    const [before = '', after = ''] = m.yourLot.split('{lot}');
    return (
      <StageSection heading={m.title}>
        <p class="intro">{m.intro}</p>
        <div part="content" class={{ result: true, drawn }} role="status" aria-live="polite" aria-atomic="true">
          {drawn ? (
            <p class="your-lot">
              <span class="lot-label">{before}</span>
              <strong part="lot" class="lot">
                {view.lot}
              </strong>
              {after && <span class="lot-label">{after}</span>}
            </p>
          ) : (
            <p class="not-drawn">{view.drawing ? m.drawing : m.notDrawn}</p>
          )}
        </div>
        <ErrorAlert error={view.error} messages={messages} />
        <div class="actions">
          <button type="button" class={{ primary: !drawn }} disabled={!view.canDraw} onClick={() => this.examCommand.emit({ type: 'user.draw' })}>
            {messages.actions.draw}
          </button>
          <button type="button" class={{ primary: drawn }} disabled={!view.canContinue} onClick={() => this.examCommand.emit({ type: 'user.continue' })}>
            {messages.actions.continue}
          </button>
        </div>
      </StageSection>
    );
  }
}
