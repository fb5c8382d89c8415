import { Component, Element, Event, Method, Prop, h, type EventEmitter, type VNode } from '@stencil/core';
import { DEFAULT_TIME_ZONE, type ConfirmingInfoView } from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { ErrorAlert } from '../../utils/error-alert';
import { formatDateTime, messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/**
 * 信息确认 (R17): the candidate's personal information and sitting, and 「确认信息无误」.
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The list of personal information.
 * @cssproperty --exam-confirming-info-term-color - Colour of the field names; falls back to `--exam-color-muted`.
 */
@Component({ tag: 'exam-confirming-info', styleUrl: 'confirming-info.css', shadow: true })
export class ExamConfirmingInfo {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: ConfirmingInfoView = { stage: 'confirmingInfo', candidate: null, sittingName: null, startsAt: null, timeZone: DEFAULT_TIME_ZONE, lot: null, canContinue: false, error: null };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** A `user.*` command for the exam machine (here `user.confirmInfo`). */
  @Event({ eventName: 'examCommand', bubbles: true, composed: true }) examCommand!: EventEmitter<ExamCommandDetail>;

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = messages.confirmingInfo;
    const { candidate, sittingName, startsAt, lot, canContinue, error } = this.view;
    const rows: [key: string, term: string, value: VNode | string | number | null | undefined][] = [
      ['name', m.name, candidate?.name],
      ['id-number', m.idNumber, candidate?.idNumberMasked],
      ['admission-number', m.admissionNumber, candidate?.admissionNumber],
      ['sitting', m.sitting, sittingName],
      [
        'starts-at',
        m.startsAt,
        startsAt === null ? null : <time dateTime={new Date(startsAt).toISOString()}>{formatDateTime(messages, startsAt, this.view.timeZone)}</time>,
      ],
      ['lot', m.lot, lot],
    ];
    return (
      <StageSection heading={m.title}>
        <p class="intro">{m.intro}</p>
        <dl part="content" class="info">
          {rows.map(([key, term, value]) => (
            <div class={`row ${key}`} key={key}>
              <dt>{term}</dt>
              <dd class={{ unknown: value === null || value === undefined }}>{value ?? m.unknown}</dd>
            </div>
          ))}
        </dl>
        <p class="muted hint">{m.wrongInfo}</p>
        <ErrorAlert error={error} messages={messages} />
        <div class="actions">
          <button type="button" class="primary" disabled={!canContinue} onClick={() => this.examCommand.emit({ type: 'user.confirmInfo' })}>
            {messages.actions.confirmInfo}
          </button>
        </div>
      </StageSection>
    );
  }
}
