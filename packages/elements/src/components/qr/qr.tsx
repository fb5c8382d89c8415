import { Component, Prop, State, Watch, h } from '@stencil/core';
import QRCode from 'qrcode';
import { messagesFor } from '../../utils/i18n';

/**
 * A QR code for a URL, with a magnifier button that opens an enlarged copy (Escape or 关闭 closes it and focus returns
 * to the button). Emits nothing: pairing happens on the phone.
 *
 * @csspart container - The small code and its magnifier button.
 * @csspart image - The QR code image.
 * @csspart button - The magnifier button.
 * @csspart dialog - The enlarged view.
 * @cssproperty --exam-qr-enlarged-size - Edge length of the enlarged code; min(80vmin, 32rem) by default.
 */
@Component({ tag: 'exam-qr', styleUrl: 'qr.css', shadow: true })
export class ExamQr {
  /** The URL (or any text) to encode. */
  @Prop() value = '';

  /** Accessible name of the code; defaults to 佐证绑定二维码 / Evidence camera QR code. */
  @Prop() label?: string;

  /** Edge length of the small code in CSS pixels. */
  @Prop() size = 160;

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** The code as an SVG data URL, or null when there is nothing (valid) to encode. */
  @State() src: string | null = null;

  /** Whether the enlarged view is open. */
  @State() magnified = false;

  private button?: HTMLButtonElement;
  private dialog?: HTMLDialogElement;
  private closeButton?: HTMLButtonElement;

  @Watch('value')
  protected async valueChanged(): Promise<void> {
    const value = this.value;
    const src = await toSvgDataUrl(value);
    if (value === this.value) this.src = src; // unless a newer value arrived meanwhile
  }

  componentWillLoad(): Promise<void> {
    return this.valueChanged();
  }

  componentDidRender(): void {
    const dialog = this.dialog;
    if (!dialog) return;
    if (this.magnified && !dialog.open) {
      dialog.showModal();
      this.closeButton?.focus();
    } else if (!this.magnified && dialog.open) {
      dialog.close();
      this.button?.focus();
    }
  }

  private readonly toggle = () => {
    this.magnified = !this.magnified;
  };

  private readonly close = () => {
    this.magnified = false;
  };

  private readonly onDialogKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.close();
  };

  // The browser closes a modal dialog on Escape by itself; keep the state in step and let render close it.
  private readonly onCancel = (event: Event) => {
    event.preventDefault();
    this.close();
  };

  // A click on the backdrop lands on the dialog element itself.
  private readonly onDialogClick = (event: MouseEvent) => {
    if (event.target === this.dialog) this.close();
  };

  render() {
    const m = messagesFor(this.locale);
    const label = this.label ?? m.bindingEvidence.qrLabel;
    return (
      <div part="container" class="container">
        {this.src ? (
          <img part="image" class="code" src={this.src} alt={label} width={this.size} height={this.size} />
        ) : (
          <div class="code empty" style={{ inlineSize: `${this.size}px`, blockSize: `${this.size}px` }} />
        )}
        <button
          part="button"
          class="magnify"
          type="button"
          ref={(el) => (this.button = el)}
          aria-label={m.actions.magnify}
          aria-haspopup="dialog"
          aria-expanded={String(this.magnified)}
          disabled={!this.src}
          onClick={this.toggle}
        >
          <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <circle cx="10" cy="10" r="6.5" />
            <path d="M15 15l6 6M10 7v6M7 10h6" />
          </svg>
        </button>
        <dialog
          part="dialog"
          class="enlarged"
          ref={(el) => (this.dialog = el)}
          aria-label={label}
          onKeyDown={this.onDialogKeyDown}
          onCancel={this.onCancel}
          onClick={this.onDialogClick}
        >
          {this.magnified && this.src && <img class="enlarged-code" src={this.src} alt={label} />}
          <button class="close" type="button" ref={(el) => (this.closeButton = el)} onClick={this.close}>
            {m.actions.closeMagnifier}
          </button>
        </dialog>
      </div>
    );
  }
}

/** Encodes as an SVG data URL; null for an empty value or one too long for a QR code. */
async function toSvgDataUrl(value: string): Promise<string | null> {
  if (!value) return null;
  try {
    const svg = await QRCode.toString(value, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  } catch {
    return null;
  }
}
