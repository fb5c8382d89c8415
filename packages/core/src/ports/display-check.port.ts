/** Is more than one display attached? (R13: only one display; unplug an external one before entering.) */
export interface DisplayCheck {
  /** True when an external display is attached (screen.isExtended, Window Management API where granted). */
  hasExternalDisplay(): Promise<boolean>;
}
