import { Component, Element, Event, Method, Prop, h, type EventEmitter } from '@stencil/core';
import type { CheckingDevicesView, DeviceCheckStatus } from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { ErrorAlert } from '../../utils/error-alert';
import { messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/**
 * 设备准备 (R3): one row per check with its state as text and an icon, how to fix what failed, 「重新检测」 and 「下一步」.
 * A virtual or filter camera (R7) warns on the camera's row, with 「选择其他摄像头」 beside the advice (also when the
 * camera chosen is gone or busy).
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The list of checks.
 * @csspart status - The polite live line: 正在检测… or the summary.
 * @cssproperty --exam-checking-devices-pass-color - Colour of a passed check's icon; falls back to `--exam-color-success`.
 * @cssproperty --exam-checking-devices-warn-color - Colour of a warning's icon; falls back to `--exam-color-warning`.
 * @cssproperty --exam-checking-devices-fail-color - Colour of a failed check's icon; falls back to `--exam-color-danger`.
 */
@Component({ tag: 'exam-checking-devices', styleUrl: 'checking-devices.css', shadow: true })
export class ExamCheckingDevices {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: CheckingDevicesView = { stage: 'checkingDevices', running: true, checks: [], canContinue: false, canRecheck: false, error: null, cameras: [], cameraId: null, offerCameras: false };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** A `user.*` command for the exam machine (`user.recheck`, `user.continue`, `user.selectCamera`). */
  @Event({ eventName: 'examCommand', bubbles: true, composed: true }) examCommand!: EventEmitter<ExamCommandDetail>;

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = messages.checkingDevices;
    const { view } = this;
    const summary = view.running ? m.running : view.checks.length === 0 ? '' : view.canContinue ? m.allPassed : m.someFailed;
    return (
      <StageSection heading={m.title}>
        <p class="intro">{m.intro}</p>
        <p part="status" class={{ status: true, running: view.running, passed: !view.running && view.canContinue }} role="status">
          {summary}
        </p>
        <ul part="content" class="checks" aria-labelledby="heading" aria-busy={view.running ? 'true' : 'false'}>
          {view.checks.map((check) => (
            <li key={check.id} class={`check ${check.status}`} data-check={check.id}>
              <StatusIcon status={check.status} />
              <span class="name">{m.checks[check.id]}</span>
              <span class="state">{m.status[check.status]}</span>
              {check.status !== 'pass' && check.error && <p class="fix">{messages.errors[check.error]}</p>}
              {check.id === 'camera' && view.offerCameras && this.renderCameraChoice()}
            </li>
          ))}
        </ul>
        <ErrorAlert error={view.error} messages={messages} />
        <div class="actions">
          <button type="button" disabled={!view.canRecheck} onClick={() => this.examCommand.emit({ type: 'user.recheck' })}>
            {messages.actions.recheck}
          </button>
          <button type="button" class="primary" disabled={!view.canContinue} onClick={() => this.examCommand.emit({ type: 'user.continue' })}>
            {messages.actions.continue}
          </button>
        </div>
      </StageSection>
    );
  }

  /** R7: the cameras, to check again with another one (the checks run anew on a choice). */
  private renderCameraChoice() {
    const m = messagesFor(this.locale).checkingDevices;
    const { view } = this;
    return (
      <div class="camera-choice">
        <label htmlFor="camera">{m.chooseCamera}</label>
        <select
          id="camera"
          disabled={!view.canRecheck}
          onChange={(event) => {
            const deviceId = (event.target as HTMLSelectElement).value;
            if (deviceId && deviceId !== view.cameraId) this.examCommand.emit({ type: 'user.selectCamera', deviceId });
          }}
        >
          {view.cameras.map((camera, index) => (
            <option value={camera.id} selected={camera.id === view.cameraId}>
              {camera.label || `${m.checks.camera} ${index + 1}`}
            </option>
          ))}
        </select>
      </div>
    );
  }
}

/** A tick, a cross or an exclamation mark beside the state's text, so the state never rests on colour alone. */
const StatusIcon = ({ status }: { status: DeviceCheckStatus }) => (
  <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <circle cx="12" cy="12" r="10" />
    {status === 'pass' && <path d="M7 12.5l3.2 3.2L17 9" />}
    {status === 'fail' && <path d="M8.5 8.5l7 7M15.5 8.5l-7 7" />}
    {status === 'warn' && <path d="M12 7v6.5M12 16.5v.5" />}
  </svg>
);
