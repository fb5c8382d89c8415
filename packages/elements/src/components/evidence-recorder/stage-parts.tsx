/**
 * What the phone's stages share: the props each stage's render function gets, the live preview, the warnings and the
 * row of actions at the bottom of the screen (within the thumb's reach).
 */
import { h, type FunctionalComponent } from '@stencil/core';
import type { CameraFacing, EvidenceRecorderMessages, Messages } from '@examroom/core';
import type { EvidenceCommandDetail } from './evidence-recorder-interface';

/** What <exam-evidence-recorder> gives the render function of the stage on show. */
export interface StageProps<V> {
  readonly view: V;
  /** The phone page's words (core's EVIDENCE_RECORDER_LOCALES) … */
  readonly m: EvidenceRecorderMessages;
  /** … and the shared ones (errors, actions). */
  readonly messages: Messages;
  /** The language for the primitives inside (attribute `lang`). */
  readonly locale: string | undefined;
  /** Sends a `user.*` command to the machine. */
  readonly send: (command: EvidenceCommandDetail) => void;
}

export interface PreviewProps {
  readonly stream: MediaStream | null;
  readonly label: string;
  readonly locale: string | undefined;
  /** The front camera's picture is shown mirrored, as a phone's own camera app shows it. */
  readonly facing?: CameraFacing;
}

/** The camera's live picture (muted, inline, autoplay: <exam-video-preview>), in a portrait box; children overlay it. */
export const Preview: FunctionalComponent<PreviewProps> = ({ stream, label, locale, facing }, children) => (
  <div class={{ preview: true, mirrored: facing === 'front' }}>
    <exam-video-preview part="preview" stream={stream} label={label} lang={locale}></exam-video-preview>
    {children}
  </div>
);

/** A warning the candidate must act on (battery, storage, screen lock): text, in a box that says it is one. */
export const Warning: FunctionalComponent<{ readonly class: string }> = ({ class: className }, children) => (
  <p class={`warning ${className}`}>{children}</p>
);

/** The stage's buttons, at the bottom of the screen; put the primary one last, where the thumb rests. */
export const Actions: FunctionalComponent = (_props, children) => (
  <div part="actions" class="actions">
    {children}
  </div>
);
