import { describe, expect, it } from 'vitest';
import type { Subscribable } from '@examroom/core';
import { createBrowserOrientationSensor, type OrientationTarget } from './orientation-sensor.js';

/** A window with DeviceOrientationEvent: with or without the absolute event, with or without iOS's permission. */
function fakeWindow(options: { absolute?: boolean; permission?: () => Promise<PermissionState> } = {}) {
  const events = new EventTarget();
  class FakeOrientationEvent {
    static requestPermission = options.permission;
  }
  const target = {
    DeviceOrientationEvent: FakeOrientationEvent,
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
    ...(options.absolute ? { ondeviceorientationabsolute: null } : {}),
  };
  const fire = (type: 'deviceorientation' | 'deviceorientationabsolute', fields: { alpha: number | null; webkitCompassHeading?: number }) =>
    events.dispatchEvent(Object.assign(new Event(type), fields));
  return {
    target: target as unknown as OrientationTarget,
    relative: (alpha: number | null, webkitCompassHeading?: number) =>
      fire('deviceorientation', webkitCompassHeading === undefined ? { alpha } : { alpha, webkitCompassHeading }),
    absolute: (alpha: number | null) => fire('deviceorientationabsolute', { alpha }),
  };
}

async function subscribed(target: OrientationTarget) {
  const headings = await createBrowserOrientationSensor(target).headings();
  if (headings === 'unsupported') throw new Error('expected headings');
  const seen: (number | null)[] = [];
  const subscription = (headings as Subscribable<number | null>).subscribe({ next: (heading) => seen.push(heading) });
  return { seen, subscription };
}

describe('createBrowserOrientationSensor', () => {
  it('is unsupported without DeviceOrientationEvent', async () => {
    const target = { addEventListener() {}, removeEventListener() {} } as OrientationTarget;
    await expect(createBrowserOrientationSensor(target).headings()).resolves.toBe('unsupported');
  });

  it("asks iOS's permission at once, before anything is awaited, and is unsupported when it is refused or fails", async () => {
    let asked = 0;
    const denied = fakeWindow({ permission: async () => (asked++, 'denied') });
    const pending = createBrowserOrientationSensor(denied.target).headings();
    expect(asked).toBe(1);
    await expect(pending).resolves.toBe('unsupported');
    const failing = fakeWindow({ permission: () => Promise.reject(new DOMException('no gesture', 'NotAllowedError')) });
    await expect(createBrowserOrientationSensor(failing.target).headings()).resolves.toBe('unsupported');
    const throwing = fakeWindow({
      permission: () => {
        throw new TypeError('not callable here');
      },
    });
    await expect(createBrowserOrientationSensor(throwing.target).headings()).resolves.toBe('unsupported');
  });

  it("emits alpha from deviceorientation, null as null, and turns iOS's compass heading round to alpha's direction", async () => {
    const page = fakeWindow({ permission: async () => 'granted' });
    const { seen, subscription } = await subscribed(page.target);
    page.relative(null);
    page.relative(10);
    page.relative(123, 90);
    page.relative(123, 0);
    page.relative(200, -1); // uncalibrated compass: alpha
    subscription.unsubscribe();
    page.relative(20);
    expect(seen).toEqual([null, 10, 270, 0, 200]);
  });

  it('uses deviceorientationabsolute where it carries a heading, never mixing in the relative frame', async () => {
    const page = fakeWindow({ absolute: true });
    const { seen } = await subscribed(page.target);
    page.relative(5);
    page.absolute(300);
    page.relative(6);
    page.absolute(310);
    page.absolute(null);
    expect(seen).toEqual([300, 310, null]);
  });

  it('falls back to deviceorientation where the absolute event has no heading (desktops, an emulated orientation)', async () => {
    const page = fakeWindow({ absolute: true });
    const { seen } = await subscribed(page.target);
    page.relative(30);
    page.absolute(null);
    page.relative(60);
    page.absolute(90);
    expect(seen).toEqual([30, 60]);
  });

  it('falls back to deviceorientation where the absolute event never comes', async () => {
    const page = fakeWindow({ absolute: true });
    const { seen } = await subscribed(page.target);
    page.relative(1);
    page.relative(2);
    expect(seen).toEqual([]);
    page.relative(3);
    page.relative(4);
    expect(seen).toEqual([3, 4]);
  });
});
