/** Test helpers: mount a built element into happy-dom and wait for Stencil to render it. */
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
  // dist-custom-elements has no componentOnReady(); the first render lands in the next frame.
  await rendered();
  return element;
}

/** Sets props and resolves after Stencil's next render. */
export async function update<E extends HTMLElement>(element: E, props: Partial<E>): Promise<void> {
  Object.assign(element, props);
  await rendered();
}

/** Stencil batches renders into the next animation frame; wait for it and the microtasks after it. */
export async function rendered(): Promise<void> {
  await new Promise((resolve) => requestAnimationFrame(resolve));
  await new Promise((resolve) => setTimeout(resolve, 0));
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

/** Every `examCommand` detail the element sends from now on, in order. */
export function commandsOf(element: HTMLElement): unknown[] {
  const commands: unknown[] = [];
  element.addEventListener('examCommand', (event) => commands.push((event as CustomEvent).detail));
  return commands;
}

/** The button in the element's shadow root whose text is exactly `text`; fails loudly when there is none. */
export function buttonNamed(element: HTMLElement, text: string): HTMLButtonElement {
  const found = [...shadow(element).querySelectorAll('button')].find((b) => b.textContent === text);
  if (!found) throw new Error(`<${element.localName}> has no button 「${text}」`);
  return found;
}
