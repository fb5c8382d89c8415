/**
 * The global `--exam-*` tokens are declared in theme.css and documented as `@prop`s of <exam-room> (room.css), which
 * is how they reach the custom-elements manifest and Storybook's docs page: the two lists must stay the same.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('the global --exam-* tokens', () => {
  it('are documented as @prop of <exam-room>, every one and no other', () => {
    const rootBlock = /:root\s*\{([^}]*)\}/.exec(read('./theme.css'))![1]!;
    const declared = [...rootBlock.matchAll(/(--exam-[\w-]+)\s*:/g)].map((match) => match[1]).sort();
    const documented = [...read('../components/room/room.css').matchAll(/@prop\s+(--exam-[\w-]+):/g)].map((match) => match[1]).filter((name) => name !== '--exam-room-max-inline-size').sort();
    expect(declared.length).toBeGreaterThan(10);
    expect(documented).toEqual(declared);
  });
});
