import { Component, Prop, Watch, h } from '@stencil/core';
import { messagesFor } from '../../utils/i18n';

/**
 * A muted live preview of a camera stream, or a placeholder text while there is none.
 *
 * @csspart container - The box around the video or the placeholder.
 * @csspart video - The `<video>` element.
 * @csspart placeholder - The text shown without a stream.
 * @cssproperty --exam-video-preview-aspect-ratio - Shape of the box; 4 / 3 by default.
 */
@Component({ tag: 'exam-video-preview', styleUrl: 'video-preview.css', shadow: true })
export class ExamVideoPreview {
  /** The stream to show (core's `PreviewView.stream`); null shows the placeholder. */
  @Prop() stream: MediaStream | null = null;

  /** Accessible name of the video; defaults to 摄像头画面 / Camera preview. */
  @Prop() label?: string;

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  private video?: HTMLVideoElement;

  @Watch('stream')
  protected streamChanged(): void {
    this.attachStream();
  }

  componentDidLoad(): void {
    this.attachStream();
  }

  // srcObject is a property only; JSX cannot set it, and re-setting the same stream would restart playback.
  private attachStream(): void {
    if (this.video && this.video.srcObject !== this.stream) this.video.srcObject = this.stream;
  }

  render() {
    const m = messagesFor(this.locale);
    return (
      <div part="container" class="container">
        <video
          part="video"
          ref={(el) => (this.video = el)}
          aria-label={this.label ?? m.confirmingDevices.preview}
          hidden={!this.stream}
          muted
          autoplay
          playsInline
        />
        {!this.stream && (
          <p part="placeholder" class="placeholder">
            {m.app.noVideo}
          </p>
        )}
      </div>
    );
  }
}
