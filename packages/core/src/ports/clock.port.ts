/** Server time and timers. Every rule in examroom compares server time (docs/architecture.md, Time). */
export interface Clock {
  /** Current server time in epoch milliseconds (the local clock plus the estimated offset). */
  now(): number;
  /** Calls `callback` after `ms` milliseconds of elapsed time; returns a handle for clearTimeout. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer made by setTimeout. */
  clearTimeout(handle: unknown): void;
  /** Measures the offset to the server again (「刷新」); resolves when the new estimate is in use. */
  resync(): Promise<void>;
}

/** One round trip to the server's time endpoint. */
export interface ClockSample {
  /** Estimated server time minus local time, ms. */
  readonly offset: number;
  /** Round-trip time of the sample, ms; the offset's error is at most half of it. */
  readonly rtt: number;
}

/** Reads the server's clock once; the REST adapter implements it over `GET /api/v1/time`. */
export type ServerTimeSource = () => Promise<number>;
