import { Component, Prop, h } from '@stencil/core';
import { interpolate, type RecordingKind, type RecordingUploadState } from '@examroom/core';
import { formatPercent, messagesFor } from '../../utils/i18n';
import { toPercent } from '../../utils/percent';

/**
 * One recording's upload: its name, its state as text and a `role="progressbar"`.
 *
 * @csspart container - The whole row.
 * @csspart label - The recording's name.
 * @csspart track - The bar's background, which carries the progressbar role.
 * @csspart indicator - The filled part of the bar.
 * @cssproperty --exam-upload-progress-color - Colour of the bar; falls back to `--exam-color-brand`.
 */
@Component({ tag: 'exam-upload-progress', styleUrl: 'upload-progress.css', shadow: true })
export class ExamUploadProgress {
  /** Which recording this is. */
  @Prop() kind: RecordingKind = 'camera';

  /** Bytes acknowledged by the server, 0…100, as core's uploading view gives it. */
  @Prop() percent = 0;

  /** Where the upload stands; shown as text, not only as colour. */
  @Prop() state: RecordingUploadState = 'uploading';

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  render() {
    const m = messagesFor(this.locale);
    const value = toPercent(this.percent);
    const name = m.uploading.kinds[this.kind];
    const percentText = formatPercent(m, value);
    return (
      <div part="container" class={`container ${this.state}`}>
        <div class="header">
          <span part="label" class="label">
            {name}
          </span>
          <span class="state">{m.uploading.states[this.state]}</span>
          <span class="percent" aria-hidden="true">
            {percentText}
          </span>
        </div>
        <div
          part="track"
          class="track"
          role="progressbar"
          aria-label={name}
          aria-valuemin="0"
          aria-valuemax="100"
          aria-valuenow={String(value)}
          aria-valuetext={interpolate(m.uploading.progress, { kind: name, percent: value })}
        >
          <div part="indicator" class="indicator" style={{ inlineSize: `${value}%` }} />
        </div>
      </div>
    );
  }
}
