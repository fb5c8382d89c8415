/** Browser signals for the integrity stream (R13, R15, R26): focus, visibility, full screen, clipboard, devices, network. */
import type { IntegritySignal, IntegritySignals } from '@examroom/core';
import { fromListeners } from './subscribable.js';

type DeviceKind = 'camera' | 'microphone';

type ScreenWithExtended = Screen & EventTarget & { readonly isExtended?: boolean };

export function createBrowserIntegritySignals(target: Window = window): IntegritySignals {
  return {
    isOnline: () => target.navigator.onLine,
    signals() {
      return fromListeners<IntegritySignal>((observer) => {
        const { document, navigator } = target;
        const screen = target.screen as ScreenWithExtended;
        const emit = (signal: IntegritySignal) => observer.next(signal);
        const removers: Array<() => void> = [];
        const on = <E extends Event>(source: EventTarget | undefined, type: string, listener: (event: E) => void) => {
          if (!source) return;
          const handler = listener as EventListener;
          source.addEventListener(type, handler);
          removers.push(() => source.removeEventListener(type, handler));
        };

        on(target, 'blur', () => emit({ kind: 'windowBlur' }));
        on(document, 'visibilitychange', () => {
          if (document.visibilityState === 'hidden') emit({ kind: 'pageHidden' });
        });
        on(document, 'fullscreenchange', () => {
          // Fires on entering too; only leaving matters.
          if (!document.fullscreenElement) emit({ kind: 'fullscreenExit' });
        });
        for (const action of ['copy', 'cut', 'paste'] as const) on(target, action, () => emit({ kind: 'clipboard', action }));

        // Windows delivers only keyup for PrintScreen, other systems both (and keydown repeats): one signal a press.
        let printScreenDown = false;
        on<KeyboardEvent>(target, 'keydown', (event) => {
          if (event.key !== 'PrintScreen' || printScreenDown) return;
          printScreenDown = true;
          emit({ kind: 'printScreen' });
        });
        on<KeyboardEvent>(target, 'keyup', (event) => {
          if (event.key !== 'PrintScreen') return;
          if (!printScreenDown) emit({ kind: 'printScreen' });
          printScreenDown = false;
        });

        on(target, 'online', () => emit({ kind: 'online' }));
        on(target, 'offline', () => emit({ kind: 'offline' }));

        let extended = screen.isExtended === true;
        // Screen is an EventTarget with 'change' in Chromium (Window Management); elsewhere this never fires.
        on(typeof screen.addEventListener === 'function' ? screen : undefined, 'change', () => {
          const now = screen.isExtended === true;
          if (now && !extended) emit({ kind: 'displayAdded' });
          extended = now;
        });

        const mediaDevices = navigator.mediaDevices as MediaDevices | undefined;
        if (mediaDevices) {
          let known: Promise<DeviceSnapshot | undefined> = snapshot(mediaDevices);
          on(mediaDevices, 'devicechange', () => {
            // Compare in order: each snapshot is taken after the previous one.
            known = known.then(async (before) => {
              const after = await snapshot(mediaDevices);
              if (before && after) for (const device of removedKinds(before, after)) emit({ kind: 'deviceRemoved', device });
              return after ?? before;
            });
          });
        }

        return () => {
          for (const remove of removers.splice(0)) remove();
        };
      });
    },
  };
}

type DeviceSnapshot = Readonly<Record<DeviceKind, readonly string[]>>;

async function snapshot(mediaDevices: MediaDevices): Promise<DeviceSnapshot | undefined> {
  try {
    const devices = await mediaDevices.enumerateDevices();
    const ids = (kind: MediaDeviceKind) => devices.filter((device) => device.kind === kind).map((device) => device.deviceId);
    return { camera: ids('videoinput'), microphone: ids('audioinput') };
  } catch {
    return undefined;
  }
}

/**
 * The kinds that lost a device. Before permission is granted every id is '' — then only a smaller count tells; with
 * ids, any id that disappeared (a device swapped for another in one change counts as removed).
 */
function removedKinds(before: DeviceSnapshot, after: DeviceSnapshot): DeviceKind[] {
  return (['camera', 'microphone'] as const).filter((kind) => {
    const now = new Set(after[kind]);
    return after[kind].length < before[kind].length || before[kind].some((id) => id !== '' && !now.has(id));
  });
}
