/**
 * Test helpers: mount a built element into happy-dom and wait for Stencil to render it. They wait for Stencil's own
 * signals (componentOnReady, the flush of its render queue), never for a guessed number of frames or milliseconds.
 */
import { readTask, writeTask } from '@stencil/core';
import { afterEach } from 'vitest';

afterEach(() => {
  document.body.replaceChildren();
});

/** Creates `tag` with `props`, attaches it and resolves once it has rendered. */
export async function mount<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
): Promise<HTMLElementTagNameMap[K]> {
  const element = document.createElement(tag);
  Object.assign(element, props);
  document.body.append(element);
  await loaded(element);
  return element;
}

/**
 * Resolves once the element has loaded: Stencil adds the `hydrated` class (its default hydratedFlag) when the
 * element's first render is done, after the components inside it have rendered, just before componentDidLoad. The
 * dist-custom-elements build has no componentOnReady(), so this is the signal to wait for.
 */
export function loaded(element: HTMLElement): Promise<void> {
  return new Promise((resolve) => {
    const hydrated = () => element.classList.contains('hydrated');
    if (hydrated()) return resolve();
    const observer = new MutationObserver(() => {
      if (!hydrated()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(element, { attributes: true, attributeFilter: ['class'] });
  });
}

/** Sets props and resolves after Stencil's next render. */
export async function update<E extends HTMLElement>(element: E, props: Partial<E>): Promise<void> {
  Object.assign(element, props);
  await rendered();
}

/**
 * Resolves once Stencil has finished the updates queued so far: its render queue has been flushed (the renders queued
 * before the call, and those they queue in turn for the components inside), and the hooks that wait for those inner
 * components (a parent's componentDidRender, where focus moves and dialogs open) have run — they run as microtasks
 * after the flush, before Stencil's next flush, which this also waits for. The dist-custom-elements build shares this
 * runtime (`@stencil/core/internal/client`), so these are its queues.
 */
export async function rendered(): Promise<void> {
  await new Promise<void>((resolve) => writeTask(() => resolve()));
  await new Promise<void>((resolve) => readTask(() => resolve()));
}

/** Resolves once `check` holds, checking again after each of Stencil's renders (bounded by the test's timeout). */
export async function renderedUntil(check: () => boolean): Promise<void> {
  while (!check()) await rendered();
}

/** The next `type` event `target` hears, as a promise: start waiting before doing what fires it. */
export function nextEvent<T = unknown>(target: EventTarget, type: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) => target.addEventListener(type, (event) => resolve(event as CustomEvent<T>), { once: true }));
}

/** The element's shadow root; fails loudly if the component has none. */
export function shadow(element: HTMLElement): ShadowRoot {
  if (!element.shadowRoot) throw new Error(`<${element.localName}> has no shadow root`);
  return element.shadowRoot;
}

/** The first match in the element's shadow root; fails loudly when missing so assertions read plainly. */
export function part<T extends Element = HTMLElement>(element: HTMLElement, selector: string): T {
  const found = shadow(element).querySelector<T & Element>(selector);
  if (!found) throw new Error(`<${element.localName}> renders no ${selector}`);
  return found;
}

/** Every `examCommand` (or `eventName`, e.g. the phone's `evidenceCommand`) detail the element sends from now on, in order. */
export function commandsOf(element: HTMLElement, eventName = 'examCommand'): unknown[] {
  const commands: unknown[] = [];
  element.addEventListener(eventName, (event) => commands.push((event as CustomEvent).detail));
  return commands;
}

/** The button in the element's shadow root whose text is exactly `text`; fails loudly when there is none. */
export function buttonNamed(element: HTMLElement, text: string): HTMLButtonElement {
  const found = [...shadow(element).querySelectorAll('button')].find((b) => b.textContent === text);
  if (!found) throw new Error(`<${element.localName}> has no button 「${text}」`);
  return found;
}
