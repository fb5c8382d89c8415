/**
 * An in-memory, tus-like upload server behind the UploadTransport port, for tests and stories. It keeps the bytes
 * of every upload, accepts data only at its current offset, and can be told to fail: drop requests, go offline, or
 * keep only part of a request before the connection "breaks" — the cases a resumable upload must survive.
 */
import { ErrorCode, ExamError } from '../errors/error-codes.js';
import type { UploadSession, UploadTransport } from '../ports/upload-transport.port.js';
import { sha256Hex } from '../streams/sha256.js';

/** The requests the transport serves. */
export type TransportOperation = 'open' | 'offset' | 'append' | 'finish';

/** One request as the server saw it (also requests that failed), for assertions. */
export interface TransportCall {
  readonly operation: TransportOperation;
  readonly uploadUrl: string;
  /** `append`: where the client said the data starts. */
  readonly offset?: number;
  /** `append`: bytes sent; `finish`: the declared total. */
  readonly size?: number;
  /** `finish`: the declared SHA-256. */
  readonly sha256?: string;
}

/** The server's view of one upload. */
export interface MemoryUpload {
  readonly uploadUrl: string;
  /** Every byte received so far, in order. */
  readonly bytes: Uint8Array;
  /** Set once finish() succeeded. */
  readonly finished?: { readonly totalBytes: number; readonly sha256: string };
  /** How many times finish() succeeded (a retried finish after a lost response counts again). */
  readonly finishCount: number;
}

export interface MemoryUploadTransportOptions {
  /** open() of an unknown URL creates the upload, as if the API had. Default true; false makes it NOT_FOUND. */
  readonly autoCreate?: boolean;
  /** Awaited before the server handles a request, e.g. to hold it in flight or to act at a given request. */
  readonly latency?: (call: TransportCall) => Promise<void>;
}

export interface MemoryUploadTransport extends UploadTransport {
  /** Registers a new, empty upload (what the API does in createRecording) and returns its URL. */
  create(): string;
  /** The server's state of an upload, if it exists. */
  upload(uploadUrl: string): MemoryUpload | undefined;
  /** Every request so far, oldest first. */
  readonly calls: readonly TransportCall[];
  readonly online: boolean;
  /** Offline: every request rejects NETWORK_ERROR until back online. */
  setOnline(online: boolean): void;
  /** The next `count` requests of `operation` reject with `code` (default NETWORK_ERROR) and change nothing. */
  failNext(operation: TransportOperation, count?: number, code?: ErrorCode): void;
  /** Shorthand for failNext('append', count, code). */
  failNextAppends(count: number, code?: ErrorCode): void;
  /** The next append keeps only its first `keepBytes` bytes, then rejects NETWORK_ERROR: a connection cut mid-upload. */
  cutNextAppend(keepBytes: number): void;
  /** Deletes an upload: further requests for it reject NOT_FOUND (tus 404/410). */
  remove(uploadUrl: string): void;
}

interface Upload {
  bytes: Uint8Array;
  length: number;
  finished?: { totalBytes: number; sha256: string };
  finishCount: number;
}

/** Creates an empty in-memory upload server. */
export function createMemoryUploadTransport(options: MemoryUploadTransportOptions = {}): MemoryUploadTransport {
  const uploads = new Map<string, Upload>();
  const removed = new Set<string>();
  const calls: TransportCall[] = [];
  const failures: Record<TransportOperation, ErrorCode[]> = { open: [], offset: [], append: [], finish: [] };
  const cuts: number[] = [];
  let online = true;
  let nextId = 1;

  function failNext(operation: TransportOperation, count = 1, code: ErrorCode = ErrorCode.NETWORK_ERROR): void {
    for (let i = 0; i < count; i++) failures[operation].push(code);
  }

  function register(uploadUrl: string): Upload {
    const upload: Upload = { bytes: new Uint8Array(1024), length: 0, finishCount: 0 };
    uploads.set(uploadUrl, upload);
    return upload;
  }

  /** Everything a request goes through before the server looks at it. */
  async function receive(call: TransportCall): Promise<Upload> {
    calls.push(call);
    await options.latency?.(call);
    if (!online) throw new ExamError(ErrorCode.NETWORK_ERROR, 'offline');
    const failure = failures[call.operation].shift();
    if (failure !== undefined) throw new ExamError(failure, `injected ${call.operation} failure`);
    const upload = uploads.get(call.uploadUrl);
    if (!upload) throw new ExamError(ErrorCode.NOT_FOUND, `No upload at ${call.uploadUrl}`);
    return upload;
  }

  function write(upload: Upload, data: Uint8Array): void {
    if (upload.length + data.length > upload.bytes.length) {
      const grown = new Uint8Array(Math.max(upload.bytes.length * 2, upload.length + data.length));
      grown.set(upload.bytes.subarray(0, upload.length));
      upload.bytes = grown;
    }
    upload.bytes.set(data, upload.length);
    upload.length += data.length;
  }

  function session(uploadUrl: string): UploadSession {
    return {
      async offset() {
        const upload = await receive({ operation: 'offset', uploadUrl });
        return upload.length;
      },
      async append(data, offset) {
        const upload = await receive({ operation: 'append', uploadUrl, offset, size: data.size });
        const bytes = new Uint8Array(await data.arrayBuffer());
        // Checked after reading the body, as a server checks when the request completes.
        if (upload.finished) throw new ExamError(ErrorCode.UPLOAD_FAILED, 'Upload already finished');
        if (offset !== upload.length) {
          throw new ExamError(ErrorCode.UPLOAD_FAILED, `Conflict: offset ${offset}, server has ${upload.length}`);
        }
        const keep = cuts.shift();
        if (keep !== undefined) {
          write(upload, bytes.subarray(0, Math.max(0, keep)));
          throw new ExamError(ErrorCode.NETWORK_ERROR, `Connection cut after ${Math.min(keep, bytes.length)} bytes`);
        }
        write(upload, bytes);
        return upload.length;
      },
      async finish(totalBytes, sha256) {
        const upload = await receive({ operation: 'finish', uploadUrl, size: totalBytes, sha256 });
        // Hashed before the checks, so that they and the update below happen with no await in between.
        const hashedLength = upload.length;
        const actual = await sha256Hex(upload.bytes.subarray(0, hashedLength));
        if (upload.finished) {
          // A retry after a lost response: the same declaration succeeds again.
          if (upload.finished.totalBytes !== totalBytes || upload.finished.sha256 !== sha256) {
            throw new ExamError(ErrorCode.UPLOAD_FAILED, 'Upload already finished differently');
          }
          upload.finishCount++;
          return;
        }
        if (totalBytes !== upload.length || hashedLength !== upload.length) {
          throw new ExamError(ErrorCode.UPLOAD_FAILED, `Declared ${totalBytes} bytes, server has ${upload.length}`);
        }
        if (actual !== sha256) {
          throw new ExamError(ErrorCode.CHECKSUM_MISMATCH, 'SHA-256 differs');
        }
        upload.finished = { totalBytes, sha256 };
        upload.finishCount++;
      },
    };
  }

  return {
    calls,
    get online() {
      return online;
    },
    create() {
      const uploadUrl = `memory://uploads/${nextId++}`;
      register(uploadUrl);
      return uploadUrl;
    },
    upload(uploadUrl) {
      const upload = uploads.get(uploadUrl);
      if (!upload) return undefined;
      return {
        uploadUrl,
        bytes: upload.bytes.slice(0, upload.length),
        ...(upload.finished ? { finished: { ...upload.finished } } : {}),
        finishCount: upload.finishCount,
      };
    },
    setOnline(next) {
      online = next;
    },
    failNext,
    failNextAppends(count, code = ErrorCode.NETWORK_ERROR) {
      failNext('append', count, code);
    },
    cutNextAppend(keepBytes) {
      cuts.push(keepBytes);
    },
    remove(uploadUrl) {
      uploads.delete(uploadUrl);
      removed.add(uploadUrl);
    },
    async open(uploadUrl) {
      await receive({ operation: 'open', uploadUrl }).catch((error: unknown) => {
        if (error instanceof ExamError && error.code === ErrorCode.NOT_FOUND && options.autoCreate !== false) {
          if (!removed.has(uploadUrl)) return register(uploadUrl);
        }
        throw error;
      });
      return session(uploadUrl);
    },
  };
}
