import { describe, expect, it } from 'vitest';
import { createMovableClock } from './movable-clock.js';

describe('the movable clock', () => {
  it('follows the machine clock until set, then holds the time set until the next set', () => {
    let machine = 1_000;
    const clock = createMovableClock(() => machine);
    expect(clock.now()).toBe(1_000);
    machine += 5;
    expect(clock.now()).toBe(1_005);
    expect(clock.held).toBe(false);

    clock.set(50_000);
    machine += 250;
    expect(clock.now()).toBe(50_000);
    expect(clock.held).toBe(true);
    clock.set(60_000);
    expect(clock.now()).toBe(60_000);
  });
});
