/** Browser signals that may matter to a reviewer (R13, R15, R26): the integrity stream turns them into incidents. */
import type { Subscribable } from './subscribable.js';

export type IntegritySignal =
  | { readonly kind: 'windowBlur' }
  | { readonly kind: 'pageHidden' }
  | { readonly kind: 'fullscreenExit' }
  | { readonly kind: 'clipboard'; readonly action: 'copy' | 'cut' | 'paste' }
  | { readonly kind: 'printScreen' }
  | { readonly kind: 'deviceRemoved'; readonly device: 'camera' | 'microphone' }
  | { readonly kind: 'displayAdded' }
  | { readonly kind: 'offline' }
  | { readonly kind: 'online' };

export interface IntegritySignals {
  /** Whether the browser is online right now. */
  isOnline(): boolean;
  signals(): Subscribable<IntegritySignal>;
}
