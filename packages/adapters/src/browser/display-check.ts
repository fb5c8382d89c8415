/** R13 (only one display): screen.isExtended, and the Window Management API where the page already holds the permission. */
import type { DisplayCheck } from '@examroom/core';

interface ScreenDetailsLike {
  readonly screens: readonly unknown[];
}

type WindowWithScreenDetails = Window & { getScreenDetails?: () => Promise<ScreenDetailsLike> };

export function createBrowserDisplayCheck(target: Window = window): DisplayCheck {
  return {
    async hasExternalDisplay() {
      if ((target.screen as Screen & { isExtended?: boolean }).isExtended === true) return true;
      const withDetails = target as WindowWithScreenDetails;
      if (typeof withDetails.getScreenDetails !== 'function') return false;
      // getScreenDetails() would prompt for the permission; ask only when it has been granted already.
      if (!(await windowManagementGranted(target))) return false;
      try {
        return (await withDetails.getScreenDetails()).screens.length > 1;
      } catch {
        return false;
      }
    },
  };
}

async function windowManagementGranted(target: Window): Promise<boolean> {
  // 'window-placement' is the permission's name before Chromium 111.
  for (const name of ['window-management', 'window-placement']) {
    try {
      return (await target.navigator.permissions.query({ name: name as PermissionName })).state === 'granted';
    } catch {
      // Unknown permission name in this browser: try the next one.
    }
  }
  return false;
}
