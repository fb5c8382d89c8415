import { Component, Prop, h } from '@stencil/core';
import { formatPercent, messagesFor } from '../../utils/i18n';
import { toPercent } from '../../utils/percent';

/**
 * The microphone level as a bar, a `role="meter"` from 0 to 100.
 *
 * @csspart track - The bar's background, which carries the meter role.
 * @csspart indicator - The filled part of the bar.
 * @cssproperty --exam-volume-meter-color - Colour of the level; falls back to `--exam-color-success`.
 * @cssproperty --exam-volume-meter-track-color - Colour of the empty bar; falls back to `--exam-color-track`.
 */
@Component({ tag: 'exam-volume-meter', styleUrl: 'volume-meter.css', shadow: true })
export class ExamVolumeMeter {
  /** The level from 0 (silence) to 1 (loudest), as core's volume stream gives it. */
  @Prop() level = 0;

  /** Accessible name; defaults to 音量 / Volume. */
  @Prop() label?: string;

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  render() {
    const m = messagesFor(this.locale);
    const value = toPercent(this.level, 100);
    return (
      <div
        part="track"
        class="track"
        role="meter"
        aria-label={this.label ?? m.confirmingDevices.volume}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow={String(value)}
        aria-valuetext={formatPercent(m, value)}
      >
        <div part="indicator" class="indicator" style={{ inlineSize: `${value}%` }} />
      </div>
    );
  }
}
