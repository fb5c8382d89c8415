/**
 * Compass headings for the room scan (R10): DeviceOrientationEvent's `alpha`, from `deviceorientationabsolute` where
 * the browser gives it (Android Chrome: the compass, steady over a whole turn), else `deviceorientation` (iOS Safari,
 * with its `webkitCompassHeading`; elsewhere the heading relative to where the page started, which covers a turn just
 * as well). Only the coverage of the circle matters, so either frame will do, but never both mixed in one scan.
 */
import type { OrientationSensor, Subscribable } from '@examroom/core';
import { fromListeners } from '../subscribable.js';

/** iOS Safari's additions: the permission asked on a tap (iOS 13+), and the compass heading beside `alpha`. */
type DeviceOrientationEventStatic = typeof DeviceOrientationEvent & { requestPermission?: () => Promise<PermissionState> };
type OrientationEventLike = DeviceOrientationEvent & { readonly webkitCompassHeading?: number | null };

/**
 * Relative events held back while the absolute stream may still turn out to deliver: after this many without an
 * absolute event the browser evidently has none (both come from the same sensor at the same rate where it does).
 */
const RELATIVE_EVENTS_BEFORE_DECIDING = 3;

/** Where the sensor listens: the page's window (tests pass a stand-in). */
export interface OrientationTarget {
  readonly DeviceOrientationEvent?: DeviceOrientationEventStatic;
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

export function createBrowserOrientationSensor(target: OrientationTarget = globalThis as unknown as OrientationTarget): OrientationSensor {
  return {
    // Deliberately not async: iOS asks for the permission only while the user's tap is being handled, so
    // requestPermission() must be called before anything is awaited. evidenceMachine invokes the room scan
    // synchronously from the 「下一步」 click (its actor calls headings() as it starts), which keeps it inside the tap.
    headings(): Promise<Subscribable<number | null> | 'unsupported'> {
      const Orientation = target.DeviceOrientationEvent;
      if (typeof Orientation !== 'function') return Promise.resolve('unsupported');
      let permission: Promise<PermissionState>;
      try {
        permission = typeof Orientation.requestPermission === 'function' ? Orientation.requestPermission() : Promise.resolve('granted');
      } catch {
        return Promise.resolve('unsupported');
      }
      return permission.then(
        (state) => (state === 'granted' ? headingsOf(target) : 'unsupported'),
        // Refused outside a gesture, or by the user: the scan falls back to its minimum duration.
        () => 'unsupported' as const,
      );
    },
  };
}

/** One heading stream per subscription, over whichever of the two events this browser fills in. */
function headingsOf(target: OrientationTarget): Subscribable<number | null> {
  const hasAbsolute = 'ondeviceorientationabsolute' in target;
  return fromListeners<number | null>((observer) => {
    // 'undecided' only where an absolute event exists but has not yet said whether it carries a heading.
    let source: 'undecided' | 'absolute' | 'relative' = hasAbsolute ? 'undecided' : 'relative';
    let heldRelative: { heading: number | null } | null = null;
    let relativeWhileUndecided = 0;

    const useRelative = () => {
      source = 'relative';
      if (heldRelative) observer.next(heldRelative.heading);
      heldRelative = null;
    };
    const onAbsolute = (event: Event) => {
      const { alpha } = event as OrientationEventLike;
      if (source === 'absolute') return observer.next(alpha);
      if (source !== 'undecided') return;
      // A heading: the compass works here. Null: no absolute sensor (desktops, an emulated orientation).
      if (alpha === null) return useRelative();
      source = 'absolute';
      heldRelative = null;
      observer.next(alpha);
    };
    const onRelative = (event: Event) => {
      const heading = relativeHeading(event as OrientationEventLike);
      if (source === 'relative') return observer.next(heading);
      if (source !== 'undecided') return;
      heldRelative = { heading };
      relativeWhileUndecided += 1;
      if (relativeWhileUndecided >= RELATIVE_EVENTS_BEFORE_DECIDING) useRelative();
    };

    target.addEventListener('deviceorientation', onRelative);
    if (hasAbsolute) target.addEventListener('deviceorientationabsolute', onAbsolute);
    return () => {
      target.removeEventListener('deviceorientation', onRelative);
      if (hasAbsolute) target.removeEventListener('deviceorientationabsolute', onAbsolute);
    };
  });
}

/**
 * The heading of a `deviceorientation` event. iOS gives the compass as `webkitCompassHeading`, degrees clockwise
 * from north, while `alpha` grows counter-clockwise: it is turned around so that a turn reads the same way as alpha.
 */
function relativeHeading(event: OrientationEventLike): number | null {
  const compass = event.webkitCompassHeading;
  if (typeof compass === 'number' && Number.isFinite(compass) && compass >= 0) return (360 - compass) % 360;
  return event.alpha;
}
