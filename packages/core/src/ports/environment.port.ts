/** What the browser and the machine can do (设备准备, R3). */
export interface BrowserSupport {
  readonly mediaRecorder: boolean;
  readonly displayMedia: boolean;
  readonly indexedDb: boolean;
}

export interface BatteryStatus {
  /** 0…1. */
  readonly level: number;
  readonly charging: boolean;
}

export interface EnvironmentPort {
  support(): BrowserSupport;
  /** Null where the browser does not tell (then the check is skipped, not failed). */
  battery(): Promise<BatteryStatus | null>;
}
