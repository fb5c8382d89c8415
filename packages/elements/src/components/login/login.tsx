import { Component, Element, Event, Method, Prop, State, h, type EventEmitter } from '@stencil/core';
import { DEFAULT_TIME_ZONE, ErrorCode, interpolate, type LoginView } from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { ErrorAlert } from '../../utils/error-alert';
import { formatDateTime, formatDuration, messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/** How many faces the live outline sees, as the words and colours tell it. */
function facesSeen(count: number): 'none' | 'one' | 'several' {
  return count === 0 ? 'none' : count === 1 ? 'one' : 'several';
}

/** A coordinate of the outline, to a tenth of the viewBox's unit (enough for a 4:3 box of 100 units). */
const tenths = (value: number) => Math.round(value * 10) / 10;

/** The alert that the form's fields name in `aria-describedby`. */
const ERROR_ID = 'login-error';

/**
 * 人脸登录 and 普通登录 (R4–R7): when login opens, the camera preview with the face outlined, the guidance, the
 * 身份证号 and the server's liveness challenge; the 身份证号 + 密码 form; and a refusal when the candidate is already
 * logged in elsewhere (不得多屏登录).
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The box of the current phase (face, password form, messages).
 * @csspart preview - The camera preview of face login.
 * @csspart outline - The oval guide and the boxes around the faces seen, drawn over the preview.
 * @csspart form - The 普通登录 form.
 */
@Component({ tag: 'exam-login', styleUrl: 'login.css', shadow: true })
export class ExamLogin {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: LoginView = {
    stage: 'login',
    phase: 'loading',
    method: 'face',
    opensAt: null,
    timeZone: DEFAULT_TIME_ZONE,
    face: { phase: 'opening', canCapture: false, canRetry: false, preview: null, action: null, faces: null, attemptsLeft: 3 },
    password: { submitting: false, canSubmit: false },
    suggestPassword: false,
    faceAllowed: true,
    error: null,
  };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** Server time (epoch ms) from the shell, to say how long until login opens. */
  @Prop() now = 0;

  /** The 身份证号 typed so far; kept across renders and switches between face and password. */
  @State() idNumber = '';

  /** The 密码 typed so far. */
  @State() password = '';

  /** A `user.*` command: `user.captureFace`, `user.usePassword`, `user.useFace`, `user.submitPassword`, `user.retry`. */
  @Event({ eventName: 'examCommand', bubbles: true, composed: true }) examCommand!: EventEmitter<ExamCommandDetail>;

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  private send(command: ExamCommandDetail): void {
    this.examCommand.emit(command);
  }

  private readonly onSubmit = (event: Event) => {
    event.preventDefault();
    const { password } = this.view;
    if (password.submitting || !password.canSubmit) return;
    this.send({ type: 'user.submitPassword', idNumber: this.idNumber.trim(), password: this.password });
  };

  render() {
    const messages = messagesFor(this.locale);
    const { view } = this;
    const title = view.phase === 'password' ? messages.login.passwordTitle : messages.login.title;
    return (
      <StageSection heading={title}>
        <div part="content" class="content">
          {this.renderPhase()}
        </div>
        <p class="notice single-device">{messages.login.singleDevice}</p>
      </StageSection>
    );
  }

  private renderPhase() {
    const messages = messagesFor(this.locale);
    const { view } = this;
    switch (view.phase) {
      case 'loading':
        return (
          <p class="status muted" role="status">
            {messages.app.loading}
          </p>
        );
      case 'loadFailed':
      case 'refused':
        return [<ErrorAlert id={ERROR_ID} error={view.error ?? ErrorCode.NETWORK_ERROR} messages={messages} />, <div class="actions">{this.retryButton(true)}</div>];
      case 'notOpen':
        return this.renderNotOpen();
      case 'face':
        return this.renderFace();
      case 'password':
        return this.renderPassword();
    }
  }

  private renderNotOpen() {
    const messages = messagesFor(this.locale);
    const opensAt = this.view.opensAt;
    if (opensAt === null) return <p class="intro">{messages.errors.LOGIN_NOT_OPEN}</p>;
    const remaining = Math.max(0, opensAt - this.now);
    return [
      <p class="intro not-open">
        {interpolate(messages.login.notOpen, { time: formatDateTime(messages, opensAt, this.view.timeZone), remaining: formatDuration(messages, remaining) })}
      </p>,
      <exam-timer remainingMs={remaining} label={messages.login.opensIn} lang={this.locale}></exam-timer>,
    ];
  }

  private renderFace() {
    const messages = messagesFor(this.locale);
    const m = messages.login;
    const { face, error, suggestPassword } = this.view;
    const status =
      face.phase === 'opening'
        ? face.preview
          ? m.preparing
          : m.openingCamera
        : face.phase === 'verifying'
          ? m.verifying
          : face.phase === 'failed' && error === ErrorCode.FACE_LOGIN_STARTING
            ? m.startingRetry
            : '';
    const showHint = suggestPassword || error === ErrorCode.FACE_LOGIN_UNAVAILABLE;
    const idInvalid = error === ErrorCode.INVALID_ID_NUMBER || error === ErrorCode.FACE_NOT_ENROLLED;
    const recording = face.phase === 'recording' || face.phase === 'verifying';
    return (
      <div class="columns">
        <div class="camera">
          <div class="frame">
            <exam-video-preview part="preview" class="preview" stream={face.preview} label={m.previewLabel} lang={this.locale}></exam-video-preview>
            {face.preview && this.renderOutline()}
          </div>
          {face.preview && face.faces && (
            <p class={`faces-seen faces-${facesSeen(face.faces.length)}`} aria-live="polite">
              {m.facesSeen[facesSeen(face.faces.length)]}
            </p>
          )}
        </div>
        <div class="side">
          <ul class="guide">
            {m.faceGuide.map((line) => (
              <li>{line}</li>
            ))}
          </ul>
          <div class="field">
            <label htmlFor="face-id-number">{m.idNumber}</label>
            <input
              id="face-id-number"
              name="username"
              type="text"
              autoComplete="username"
              spellcheck={false}
              value={this.idNumber}
              readOnly={recording}
              aria-invalid={idInvalid ? 'true' : undefined}
              aria-describedby={`face-id-hint${error ? ` ${ERROR_ID}` : ''}`}
              onInput={(event) => (this.idNumber = (event.target as HTMLInputElement).value)}
            />
            <p id="face-id-hint" class="muted field-hint">
              {m.faceIdNumberHint}
            </p>
          </div>
          {face.action && face.phase === 'capturing' && <p class="challenge">{m.challenge[face.action]}</p>}
          {face.action && face.phase === 'recording' && (
            <p class="challenge now" role="alert">
              {m.challengeNow[face.action]}
            </p>
          )}
          <p class="status muted" role="status">
            {status}
          </p>
          <ErrorAlert id={ERROR_ID} error={error} messages={messages} />
          {suggestPassword && face.attemptsLeft > 0 && <p class="attempts">{interpolate(m.attemptsLeft, { count: String(face.attemptsLeft) })}</p>}
          {showHint && <p class="hint">{m.faceFailedHint}</p>}
          <div class="actions">
            {face.phase === 'failed' ? (
              this.retryButton(face.canRetry)
            ) : (
              <button type="button" class="primary" disabled={!face.canCapture} onClick={() => this.send({ type: 'user.captureFace', idNumber: this.idNumber.trim() })}>
                {messages.actions.captureFace}
              </button>
            )}
            <button type="button" class="switch" onClick={() => this.send({ type: 'user.usePassword' })}>
              {messages.actions.usePassword}
            </button>
          </div>
        </div>
      </div>
    );
  }

  /**
   * Over the preview: the oval the face belongs in, and a box around each face the detector sees (green for one face,
   * amber for several). Fractions of the frame, which the preview shows whole (4:3, unmirrored).
   */
  private renderOutline() {
    const faces = this.view.face.faces ?? [];
    const seen = facesSeen(faces.length);
    return (
      <svg class="outline" part="outline" viewBox="0 0 100 75" preserveAspectRatio="none" aria-hidden="true">
        <ellipse class="oval" cx="50" cy="36" rx="19" ry="26" />
        {faces.map((box) => (
          <rect class={`face face-${seen}`} x={tenths(box.x * 100)} y={tenths(box.y * 75)} width={tenths(box.width * 100)} height={tenths(box.height * 75)} rx="2" />
        ))}
      </svg>
    );
  }

  private renderPassword() {
    const messages = messagesFor(this.locale);
    const m = messages.login;
    const { password, error } = this.view;
    const disabled = password.submitting || !password.canSubmit;
    const idInvalid = error === ErrorCode.INVALID_ID_NUMBER || error === ErrorCode.INVALID_CREDENTIALS;
    const passwordInvalid = error === ErrorCode.PASSWORD_REQUIRED || error === ErrorCode.INVALID_CREDENTIALS;
    return (
      <form part="form" class="form" noValidate onSubmit={this.onSubmit}>
        <div class="field">
          <label htmlFor="id-number">{m.idNumber}</label>
          <input
            id="id-number"
            name="username"
            type="text"
            inputMode="text"
            autoComplete="username"
            spellcheck={false}
            value={this.idNumber}
            readOnly={password.submitting}
            aria-invalid={idInvalid ? 'true' : undefined}
            aria-describedby={error ? ERROR_ID : undefined}
            onInput={(event) => (this.idNumber = (event.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label htmlFor="password">{m.password}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={this.password}
            readOnly={password.submitting}
            aria-invalid={passwordInvalid ? 'true' : undefined}
            aria-describedby={error ? ERROR_ID : undefined}
            onInput={(event) => (this.password = (event.target as HTMLInputElement).value)}
          />
        </div>
        <ErrorAlert id={ERROR_ID} error={error} messages={messages} />
        <p class="status muted" role="status">
          {password.submitting ? m.submitting : ''}
        </p>
        <div class="actions">
          <button type="submit" class="primary" disabled={disabled}>
            {messages.actions.login}
          </button>
          {this.view.faceAllowed && (
            <button type="button" class="switch" onClick={() => this.send({ type: 'user.useFace' })}>
              {messages.actions.useFace}
            </button>
          )}
        </div>
      </form>
    );
  }

  private retryButton(enabled: boolean) {
    return (
      <button type="button" class="primary retry" disabled={!enabled} onClick={() => this.send({ type: 'user.retry' })}>
        {messagesFor(this.locale).actions.retry}
      </button>
    );
  }
}
