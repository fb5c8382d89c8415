/**
 * The opening every stage component shares: a section named by its heading, the heading that takes focus on a stage
 * change (exported as `::part(heading)` through <exam-room>), and `focusHeading` for each stage's `setFocus()`.
 */
import { h, type FunctionalComponent } from '@stencil/core';

const HEADING_ID = 'heading';

export interface StageSectionProps {
  /** The stage's title, shown in its <h2>. */
  readonly heading: string;
  /** Classes of the section, for a stage that styles it. */
  readonly class?: string;
}

/** `<section aria-labelledby>` with the stage's focusable <h2 part="heading">, then the stage's content. */
export const StageSection: FunctionalComponent<StageSectionProps> = ({ heading, class: className }, children) => (
  <section class={className} aria-labelledby={HEADING_ID}>
    <h2 id={HEADING_ID} part="heading" class="heading" tabindex={-1}>
      {heading}
    </h2>
    {children}
  </section>
);

/** Moves focus to the heading a StageSection rendered in `host`'s shadow root. */
export function focusHeading(host: HTMLElement): void {
  host.shadowRoot?.querySelector<HTMLElement>(`#${HEADING_ID}`)?.focus();
}
