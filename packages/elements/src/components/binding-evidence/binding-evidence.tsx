import { Component, Element, Event, Method, Prop, h, type EventEmitter } from '@stencil/core';
import { ErrorCode, interpolate, type BindingEvidenceView } from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { ErrorAlert } from '../../utils/error-alert';
import { messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/**
 * 佐证绑定 (R9, R10): the QR code the phone scans (with its 放大镜), the link code, how to film the room, and the phone's
 * live status, announced politely as it changes — also that the phone was replaced by another one scanning a new code.
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The box of the QR code and the instructions.
 * @csspart qr - The <exam-qr>.
 * @csspart phone-status - The live phone status.
 * @cssproperty --exam-binding-evidence-live-color - Colour of the phone status once the phone records; falls back to `--exam-color-success`.
 */
@Component({ tag: 'exam-binding-evidence', styleUrl: 'binding-evidence.css', shadow: true })
export class ExamBindingEvidence {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: BindingEvidenceView = {
    stage: 'bindingEvidence',
    phase: 'pairing',
    pairing: null,
    evidence: null,
    requireEvidence: true,
    phoneReplaced: false,
    canContinue: false,
    error: null,
  };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** A `user.*` command for the exam machine (`user.refreshPairing`, `user.retry`, `user.continue`). */
  @Event({ eventName: 'examCommand', bubbles: true, composed: true }) examCommand!: EventEmitter<ExamCommandDetail>;

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = messages.bindingEvidence;
    const { view } = this;
    return (
      <StageSection heading={m.title}>
        <p class="intro">{m.intro}</p>
        {!view.requireEvidence && <p class="notice not-required">{m.notRequired}</p>}
        {view.phase === 'pairing' && (
          <p class="status muted" role="status">
            {m.pairing}
          </p>
        )}
        {view.phase === 'failed' && [
          <ErrorAlert error={view.error ?? ErrorCode.PAIRING_FAILED} messages={messages} />,
          <div class="actions">
            <button type="button" class="primary" onClick={() => this.examCommand.emit({ type: 'user.retry' })}>
              {messages.actions.retry}
            </button>
          </div>,
        ]}
        {view.phase === 'waiting' && this.renderWaiting()}
        {view.phase !== 'failed' && (
          <div class="actions">
            <button type="button" disabled={view.phase !== 'waiting'} onClick={() => this.examCommand.emit({ type: 'user.refreshPairing' })}>
              {messages.actions.refreshPairing}
            </button>
            <button type="button" class="primary" disabled={!view.canContinue} onClick={() => this.examCommand.emit({ type: 'user.continue' })}>
              {messages.actions.continue}
            </button>
          </div>
        )}
      </StageSection>
    );
  }

  private renderWaiting() {
    const messages = messagesFor(this.locale);
    const m = messages.bindingEvidence;
    const { pairing, evidence, error, phoneReplaced } = this.view;
    const state = evidence ?? 'waitingForPhone';
    return (
      <div part="content" class="columns">
        <div class="code">
          <exam-qr part="qr" value={pairing?.url ?? ''} label={m.qrLabel} size={200} lang={this.locale}></exam-qr>
          {pairing && <p class="link-code">{interpolate(m.linkCode, { code: pairing.code })}</p>}
          <p class="muted magnifier-hint">{m.magnifierHint}</p>
        </div>
        <div class="side">
          <p class="room-scan">{m.roomScan}</p>
          <div part="phone-status" class={`phone-status ${state}`} role="status" aria-live="polite" aria-atomic="true">
            <span class="label">{m.phoneStatus}</span>
            <strong class="state" data-state={state}>
              {messages.evidence[state]}
            </strong>
            {phoneReplaced && <span class="phone-replaced">{m.phoneReplaced}</span>}
          </div>
          <ErrorAlert error={error} messages={messages} />
        </div>
      </div>
    );
  }
}
