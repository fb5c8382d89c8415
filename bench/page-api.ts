/** What the bench page (page.ts) puts on `window.examroomBench`, for the Node side's `page.evaluate` calls. */

export interface StreamingSetup {
  /** The candidate's bearer token. */
  readonly token: string;
  /** IndexedDB database of this run's chunk store. */
  readonly dbName: string;
  /** Also keep every chunk (as the recorder's Blob) for a record-then-upload of the same bytes afterwards. */
  readonly keepCopy: boolean;
}

export interface StreamingStarted {
  readonly recordingId: string;
  readonly mimeType: string;
}

/** The pipeline's counters as the page sees them. */
export interface StreamingProgress {
  /** Bytes the recorder produced and the store holds or held (the queue's bytesRecorded). */
  readonly bytesRecorded: number;
  /** Bytes the server confirmed. */
  readonly bytesAcknowledged: number;
  /** The queue's state for the recording. */
  readonly state: string;
  /** Body bytes of every PATCH the transport started, including ones that failed or were cut off. */
  readonly bytesAttempted: number;
  readonly patches: number;
  readonly failedPatches: number;
  /** Chunks the recorder handed over, and their bytes (counted as they arrive, independently of the queue). */
  readonly chunks: number;
  readonly chunkBytes: number;
  /** How often the page saw the browser go offline. */
  readonly offlineEvents: number;
}

export interface StreamingStopped extends StreamingProgress {
  /** From calling stop() until the queue reported every recording acknowledged, finished and deleted locally. */
  readonly tailMs: number;
  /** From calling stop() until the recorder delivered its last chunk (MediaRecorder's `stop` event). */
  readonly recorderStopMs: number;
  /** From calling stop() until the server had acknowledged every byte (the queue then calls finish()). */
  readonly acknowledgedMs: number;
  /**
   * finish(): HEAD, the PATCH declaring the length, and POST …/complete, where the server checks the SHA-256 and
   * writes the seekable file. Then the queue deletes the recording locally and reports it done.
   */
  readonly completionMs: number;
  /** The SHA-256 the pipeline computed over the whole recording (the server checked it on completion). */
  readonly sha256: string;
}

export interface WholeUpload {
  /** From the start of the single upload until completion was acknowledged (recorder stop not included). */
  readonly uploadMs: number;
  /** From the start until the PATCH with the whole file was answered. */
  readonly acknowledgedMs: number;
  /** The same finish() as the pipeline's (see StreamingStopped.completionMs). */
  readonly completionMs: number;
  readonly bytes: number;
  readonly recordingId: string;
}

export interface NaiveStats {
  readonly chunks: number;
  readonly bytes: number;
}

export interface BenchPage {
  /** Opens the fake camera (640×480) and microphone; resolves when both tracks are live. */
  openCamera(): Promise<void>;
  /** Starts examroom's pipeline: RecordRTC recorder → IndexedDB → upload queue → tus. */
  startStreaming(setup: StreamingSetup): Promise<StreamingStarted>;
  progress(): StreamingProgress;
  /** Stops recording and waits until everything is acknowledged. */
  stopStreaming(): Promise<StreamingStopped>;
  /**
   * Record-then-upload of the kept copy: one new recording, one tus PATCH with the whole file, then the same
   * completion (declared length, server-side SHA-256 check and finalisation) as the pipeline. The SHA-256 is computed
   * before the clock starts.
   */
  uploadWhole(token: string): Promise<WholeUpload>;
  /** A naive recorder: MediaRecorder with a 1 s timeslice, every chunk pushed to an array and kept. */
  startNaive(): Promise<{ readonly mimeType: string }>;
  naiveStats(): NaiveStats;
  stopNaive(): Promise<NaiveStats>;
}

declare global {
  interface Window {
    examroomBench: BenchPage;
  }
}
