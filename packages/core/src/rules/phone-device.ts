/** When the phone's evidence recorder warns that it may not last the interview (R10). */
import type { BatteryStatus } from '../ports/environment.port.js';
import type { StorageEstimate } from '../ports/chunk-store.port.js';

/** Below a fifth of its charge, unplugged, a phone may not last a two-hour interview while filming. */
export const LOW_BATTERY_LEVEL = 0.2;

/**
 * Free space below this is about ten minutes of video at the ≈ 2.6 Mbit/s a phone records: if the network stalls
 * for longer, the chunks waiting to upload fill the disk and the recording has a gap.
 */
export const LOW_STORAGE_BYTES = 200 * 1024 * 1024;

/** Low and not charging; unknown (null, the browser does not tell) is not low. */
export function isBatteryLow(battery: BatteryStatus | null): boolean {
  return battery !== null && !battery.charging && battery.level < LOW_BATTERY_LEVEL;
}

/** Little room left under the origin's quota; unknown is not low (writes failing are reported by the recording). */
export function isStorageLow(estimate: Pick<StorageEstimate, 'usage' | 'quota'> | null): boolean {
  return estimate !== null && estimate.quota - estimate.usage < LOW_STORAGE_BYTES;
}

/**
 * A phone that should be recording and has not been heard from (heartbeat, report or upload) for longer than this
 * is silent: the PC shows it and the server raises an `evidenceSilent` incident for the supervisor.
 */
export const PHONE_SILENT_AFTER_MS = 60_000;

/** How often the phone tells the server it is alive: well inside PHONE_SILENT_AFTER_MS, even with a retry lost. */
export const PHONE_HEARTBEAT_MS = 20_000;
