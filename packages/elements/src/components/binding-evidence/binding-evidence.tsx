import { Component, Element, Event, Method, Prop, h, type EventEmitter } from '@stencil/core';
import { ErrorCode, interpolate, isPhoneSilent, type BindingEvidenceView } from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { ErrorAlert } from '../../utils/error-alert';
import { messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/**
 * 佐证绑定 (R9, R10): the QR code the phone scans (with its 放大镜), the short code to type on the phone page instead,
 * how to film the room, and the phone's live status (等待手机扫码 → 已连接 → 环拍完成 → 录制中), announced politely as it
 * changes — also that the phone was replaced, that it stopped, or that it has not been heard from for a minute
 * (手机无响应, judged on the server time the shell gives as `now`).
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The box of the QR code and the instructions.
 * @csspart qr - The <exam-qr>.
 * @csspart code - The short pairing code, large enough to type from.
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
    phone: { state: null, required: true, replaced: false, bytesReceived: null, bytesExpected: null, percent: null, silentFrom: null },
    canContinue: false,
    error: null,
  };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** Server time (epoch ms) from the shell, to tell a silent phone (手机无响应); 0 = not known yet. */
  @Prop() now = 0;

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
        {!view.phone.required && <p class="notice not-required">{m.notRequired}</p>}
        {view.phase === 'failed' && [
          <ErrorAlert error={view.error ?? ErrorCode.PAIRING_FAILED} messages={messages} />,
          <div class="actions">
            <button type="button" class="primary" onClick={() => this.examCommand.emit({ type: 'user.retry' })}>
              {messages.actions.retry}
            </button>
          </div>,
        ]}
        {view.phase !== 'failed' && this.renderPairing()}
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

  /** The code (or, while a fresh one is made, a status saying so) beside the room-scan rules and the phone's status. */
  private renderPairing() {
    const messages = messagesFor(this.locale);
    const m = messages.bindingEvidence;
    const { pairing, error, phase } = this.view;
    // 「绑定码：」 small, the code itself large enough to read from the PC and type on the phone.
    const [before = '', after = ''] = m.linkCode.split('{code}');
    return (
      <div part="content" class="columns">
        {phase === 'waiting' && pairing ? (
          <div class="code">
            <exam-qr part="qr" value={pairing.url} label={m.qrLabel} size={200} lang={this.locale}></exam-qr>
            <p class="muted magnifier-hint">{m.magnifierHint}</p>
            <p class="link-code">
              <span class="code-label">{before}</span>
              <span part="code" class="pairing-code">
                {pairing.code}
              </span>
              {after}
            </p>
            <p class="type-code">{interpolate(m.typeCode, { page: pairing.phonePage })}</p>
          </div>
        ) : (
          <div class="code">
            <p class="status muted generating" role="status">
              {m.pairing}
            </p>
          </div>
        )}
        <div class="side">
          <p class="room-scan">{m.roomScan}</p>
          {this.renderPhoneStatus()}
          <ErrorAlert error={error} messages={messages} />
        </div>
      </div>
    );
  }

  private renderPhoneStatus() {
    const messages = messagesFor(this.locale);
    const m = messages.bindingEvidence;
    const { phone } = this.view;
    const state = phone.state ?? 'waitingForPhone';
    const silent = this.now > 0 && isPhoneSilent(phone, this.now);
    const stopped = state === 'stopped' || state === 'uploaded';
    return (
      <div part="phone-status" class={{ 'phone-status': true, [state]: true, silent }} role="status" aria-live="polite" aria-atomic="true">
        <span class="label">{m.phoneStatus}</span>
        <strong class="state" data-state={state}>
          {messages.evidence[state]}
        </strong>
        {phone.replaced && <span class="phone-replaced">{m.phoneReplaced}</span>}
        {stopped && <span class="phone-stopped">{m.phoneStopped}</span>}
        {silent && (
          <span class="phone-silent">
            <strong class="silent">{m.phoneSilent}</strong>
            <span class="silent-help">{m.phoneSilentHelp}</span>
          </span>
        )}
      </div>
    );
  }
}
