import { Component, Element, Event, Method, Prop, h, type EventEmitter } from '@stencil/core';
import type { ConfirmingDevicesView, MediaDeviceOption } from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { ErrorAlert } from '../../utils/error-alert';
import { messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/**
 * 设备确认 (R16): 「刷新设备」, a camera and a microphone selector, the camera preview and the volume bar, 「下一步」.
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The box of the preview and the selectors.
 * @csspart preview - The <exam-video-preview>.
 * @csspart volume - The <exam-volume-meter>.
 */
@Component({ tag: 'exam-confirming-devices', styleUrl: 'confirming-devices.css', shadow: true })
export class ExamConfirmingDevices {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: ConfirmingDevicesView = {
    stage: 'confirmingDevices',
    phase: 'listing',
    cameras: [],
    microphones: [],
    cameraId: null,
    microphoneId: null,
    preview: { stream: null, volume: 0 },
    canContinue: false,
    error: null,
    virtualCamera: false,
  };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** A `user.*` command: `user.refreshDevices`, `user.selectCamera`, `user.selectMicrophone`, `user.continue`. */
  @Event({ eventName: 'examCommand', bubbles: true, composed: true }) examCommand!: EventEmitter<ExamCommandDetail>;

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  render() {
    const messages = messagesFor(this.locale);
    const m = messages.confirmingDevices;
    const { view } = this;
    const status = view.phase === 'listing' ? m.listing : view.phase === 'opening' ? m.opening : view.phase === 'awaitingWaiver' ? m.awaitingWaiver : '';
    // Controls stay enabled while busy: disabling the one just used would throw keyboard focus back to the page.
    const busy = view.phase === 'listing' || view.phase === 'opening';
    return (
      <StageSection heading={m.title}>
        <p class="intro">{m.intro}</p>
        <div part="content" class="columns">
          <div class="media">
            <exam-video-preview part="preview" stream={view.preview.stream} label={m.preview} lang={this.locale}></exam-video-preview>
            <exam-volume-meter part="volume" level={view.preview.volume} label={m.volume} lang={this.locale}></exam-volume-meter>
          </div>
          <div class="devices" aria-busy={busy ? 'true' : 'false'}>
            {this.renderSelect('camera', m.camera, view.cameras, view.cameraId, (deviceId) => this.examCommand.emit({ type: 'user.selectCamera', deviceId }))}
            {this.renderSelect('microphone', m.microphone, view.microphones, view.microphoneId, (deviceId) =>
              this.examCommand.emit({ type: 'user.selectMicrophone', deviceId }),
            )}
            <button type="button" class="refresh" onClick={() => this.examCommand.emit({ type: 'user.refreshDevices' })}>
              {messages.actions.refreshDevices}
            </button>
            <p class="status muted" role="status">
              {status}
            </p>
          </div>
        </div>
        {/* R7: a warning as soon as a virtual or filter camera is chosen; the server's refusal then shows as the error. */}
        {view.virtualCamera && view.error !== 'VIRTUAL_CAMERA' && (
          <p class="warning virtual-camera" role="note">
            {m.virtualCamera}
          </p>
        )}
        <ErrorAlert error={view.error} messages={messages} />
        <div class="actions">
          <button type="button" class="primary" disabled={!view.canContinue} onClick={() => this.examCommand.emit({ type: 'user.continue' })}>
            {messages.actions.continue}
          </button>
        </div>
      </StageSection>
    );
  }

  private renderSelect(id: string, label: string, options: readonly MediaDeviceOption[], selected: string | null, select: (deviceId: string) => void) {
    const m = messagesFor(this.locale).confirmingDevices;
    const empty = options.length === 0;
    return (
      <div class="field">
        <label htmlFor={id}>{label}</label>
        <select
          id={id}
          disabled={empty}
          onChange={(event) => {
            const deviceId = (event.target as HTMLSelectElement).value;
            if (deviceId && deviceId !== selected) select(deviceId);
          }}
        >
          {empty ? (
            <option value="">{m.noDevices}</option>
          ) : (
            // A browser without permission gives empty labels; number them so the list stays usable.
            options.map((option, index) => (
              <option value={option.id} selected={option.id === selected}>
                {option.label || `${label} ${index + 1}`}
              </option>
            ))
          )}
        </select>
      </div>
    );
  }
}
