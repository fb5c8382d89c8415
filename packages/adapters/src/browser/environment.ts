/** What this browser can do for the device check (设备准备, R3), and the battery where the browser tells. */
import type { BatteryStatus, BrowserSupport, EnvironmentPort } from '@examroom/core';

interface BatteryManagerLike {
  readonly level: number;
  readonly charging: boolean;
}

type NavigatorWithBattery = Navigator & { getBattery?: () => Promise<BatteryManagerLike> };

export function createBrowserEnvironment(target: typeof globalThis = globalThis): EnvironmentPort {
  return {
    support(): BrowserSupport {
      const navigator = target.navigator as Navigator | undefined;
      return {
        mediaRecorder: typeof target.MediaRecorder === 'function',
        displayMedia: typeof navigator?.mediaDevices?.getDisplayMedia === 'function',
        indexedDb: typeof target.indexedDB === 'object' && target.indexedDB !== null,
      };
    },
    async battery(): Promise<BatteryStatus | null> {
      const navigator = target.navigator as NavigatorWithBattery | undefined;
      if (typeof navigator?.getBattery !== 'function') return null;
      try {
        const battery = await navigator.getBattery();
        return { level: battery.level, charging: battery.charging };
      } catch {
        return null;
      }
    },
  };
}
