/**
 * Recordings' bytes over tus (@tus/server + @tus/file-store) under `/api/v1/uploads/<recordingId>`. Uploads are never
 * created by clients: the domain creates one per recording (UploadStorage.create), with deferred length. Every HEAD and
 * PATCH is authorised first, by the domain at most every few seconds per upload and session (upload-authorization.ts);
 * after every PATCH's write (also a cut-off one) and before its response, the new offset is kept, and written to the
 * database at most every two seconds and before completion or abandon (upload-progress.ts). A PATCH's bytes go to
 * the disk as tus writes them, with nothing else done to them on the event loop.
 * Completion (UploadStorage.finalize), under the upload's tus lock, checks the client's length against the offset,
 * has a worker thread check the client's SHA-256 against the received file and write the final file under
 * `recordings/` (seekable for a WebM, with its duration for an MP4, see recording-files.ts), then declares the length
 * (no byte can be appended after). The received file stays as it is. With several servers (PostgreSQL), the upload lock is an advisory lock all servers share
 * (pg-upload-locker.ts), and one completion of a recording runs at a time across them (UploadStorage.completeAlone).
 */
import { join } from 'node:path';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FileStore } from '@tus/file-store';
import { ERRORS, MemoryLocker, Server as TusServer, Upload } from '@tus/server';
import { ErrorCode, ExamError } from '@examroom/core';
import { API_PREFIX, UPLOADS_PATH, errorBodyOf } from '@examroom/adapters/rest';
import type { ExamDomain, RecordingRow, UploadStorage } from '@examroom/domain';
import { limitTusCorsHeaders } from './cors.js';
import { ID_PATTERN, bearerToken, examErrorResponse } from './http-errors.js';
import { finalFileName, isMp4, isWebm, receivedCopyName } from './recording-files.js';
import { finaliseInWorker } from './recording-finaliser.js';
import type { PgUploadLocker } from './pg-upload-locker.js';
import { createUploadAuthorization } from './upload-authorization.js';
import type { UploadProgress } from './upload-progress.js';

/** The largest recording accepted (an hour of phone evidence at a generous bitrate fits many times). */
const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

/** Told what is on disk after every write: bytes received so far. */
export type UploadProgressListener = (recordingId: string, bytesReceived: number) => Promise<void> | void;

export interface TusUploads {
  readonly server: TusServer;
  readonly store: FileStore;
  readonly storage: UploadStorage;
  /** Absolute path of a recording's file as received (what the client hashed). */
  pathOf(recordingId: string): string;
  /** The upload's offset on disk: the bytes received (throws for an unknown upload). */
  offsetOf(recordingId: string): Promise<number>;
  /** Absolute path of a recording's final file (seekable for a WebM), once finalised. */
  finalPathOf(recording: Pick<RecordingRow, 'id' | 'mimeType'>): string;
  /** Sets the one progress listener (upload-progress.ts, which tells the domain's recordUploadProgress). */
  onProgress(listener: UploadProgressListener): void;
  /** Sets the byte quota of a recording (the domain's recordingQuota), which bounds even a PATCH of unknown length. */
  limitSize(quotaOf: (recordingId: string) => Promise<number> | number): void;
}

type Log = { error(object: object, message: string): void; warn(object: object, message: string): void };

/** A FileStore that reports the offset after each write, before tus answers the PATCH. */
class ReportingFileStore extends FileStore {
  listener: UploadProgressListener | null = null;

  constructor(
    directory: string,
    private readonly log: Log,
  ) {
    super({ directory });
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    let written: number | undefined;
    try {
      written = await super.write(readable, id, offset);
      return written;
    } finally {
      // Also after a failed or cut-off write: whatever reached the disk counts (then read from the store).
      await this.report(id, written);
    }
  }

  /** `offset`: the new offset the write returned; without one (a failed write), the store is asked. */
  private async report(id: string, offset: number | undefined): Promise<void> {
    try {
      await this.listener?.(id, offset ?? (await this.getUpload(id)).offset);
    } catch (error) {
      this.log.error({ err: error, recordingId: id }, 'recording upload progress not recorded');
    }
  }
}

/**
 * @param directory where tus keeps the received files (`<id>` and `<id>.json`)
 * @param recordingsDirectory where the final files go (`<id>.webm`, `<id>.mp4`)
 * @param sharedLocker the locks of several servers sharing the directories (PostgreSQL's); this process's by default
 */
export function createTusUploads(directory: string, recordingsDirectory: string, log: Log, sharedLocker?: PgUploadLocker): TusUploads {
  const store = new ReportingFileStore(directory, log);
  // Shared with the tus handlers, so that finalising excludes every PATCH (and HEAD) of the same upload.
  const locker = sharedLocker ?? new MemoryLocker();
  const pathOf = (id: string) => join(directory, id);
  const finalPathOf = (recording: Pick<RecordingRow, 'id' | 'mimeType'>) => join(recordingsDirectory, finalFileName(recording.id, recording.mimeType));
  let quotaOf: ((recordingId: string) => Promise<number> | number) | null = null;
  /** tus cuts a PATCH's body at this size, so that a chunked body cannot pass the quota either. */
  const maxSizeOf = async (recordingId: string | null): Promise<number> => {
    if (recordingId === null || quotaOf === null) return MAX_UPLOAD_BYTES;
    try {
      return Math.min(MAX_UPLOAD_BYTES, await quotaOf(recordingId));
    } catch {
      return MAX_UPLOAD_BYTES;
    }
  };
  const server = new TusServer({
    path: `${API_PREFIX}${UPLOADS_PATH}`,
    datastore: store,
    locker,
    maxSize: (_req, id) => maxSizeOf(id),
    respectForwardedHeaders: false,
    disableTerminationForFinishedUploads: true,
    // The id is the last path segment, and only ever a contract id (the Fastify route checked it already).
    getFileIdFromRequest: (req) => {
      const id = new URL(req.url).pathname.split('/').pop() ?? '';
      return ID_PATTERN.test(id) ? id : undefined;
    },
    // tus puts an internal error's message into the body; keep it in the log instead.
    onResponseError: (req, error) => {
      const status = 'status_code' in error ? error.status_code : 500;
      // tus's maxSize is the recording's quota: a body without a length was cut there (what came before it is kept).
      if ('body' in error && error.body === ERRORS.ERR_MAX_SIZE_EXCEEDED.body) {
        return { status_code: 413, body: JSON.stringify(errorBodyOf('RECORDING_TOO_LARGE', req.headers.get('accept-language'))) };
      }
      if (status < 500) return undefined;
      log.error({ err: error }, 'tus upload failed');
      return { status_code: 500, body: 'Internal error\n' };
    },
  });

  const storage: UploadStorage = {
    async create(recording) {
      await store.create(
        new Upload({
          id: recording.id,
          offset: 0,
          size: undefined,
          metadata: { kind: recording.kind, candidateId: recording.candidateId, mimeType: recording.mimeType },
          creation_date: new Date().toISOString(),
        }),
      );
    },

    async finalize(recording, declared) {
      const lock = locker.newLock(recording.id);
      // Nothing to give back when a PATCH asks for the lock: finalising is short, and the PATCH waits for it.
      await lock.lock(new AbortController().signal, () => undefined);
      try {
        const upload = await store.getUpload(recording.id).catch(() => {
          throw new ExamError(ErrorCode.UPLOAD_FAILED);
        });
        if (upload.offset !== declared.totalBytes || (upload.size !== undefined && upload.size !== declared.totalBytes)) {
          throw new ExamError(ErrorCode.UPLOAD_FAILED);
        }
        // A mismatch changes nothing: the received bytes stay, the upload stays open (R31).
        const outcome = await finaliseInWorker({
          receivedPath: pathOf(recording.id),
          size: declared.totalBytes,
          sha256: declared.sha256,
          finalPath: finalPathOf(recording),
          receivedCopyPath: join(recordingsDirectory, receivedCopyName(recording.id, recording.mimeType)),
          webm: isWebm(recording.mimeType),
          mp4: isMp4(recording.mimeType),
        });
        if ('checksumMismatch' in outcome) throw new ExamError(ErrorCode.CHECKSUM_MISMATCH);
        const final = outcome.file;
        // From here on tus refuses any further byte: the file stays the one the client hashed.
        if (upload.size === undefined) await store.declareUploadLength(recording.id, declared.totalBytes);
        if (final.unreadableWebm) log.warn({ recordingId: recording.id }, 'recording is not a WebM that can be made seekable; stored as received');
        if (final.unreadableMp4) log.warn({ recordingId: recording.id }, 'recording is not an MP4 whose duration can be written; stored as received');
        if (final.bytesCut > 0 || final.bytesLeftOut > 0) {
          log.warn(
            { recordingId: recording.id, bytesCut: final.bytesCut, bytesLeftOut: final.bytesLeftOut },
            'recording cut off or with a gap: the final file ends at its last complete element and leaves out what cannot be decoded',
          );
        }
        return { serverSha256: final.sha256 ?? declared.sha256, durationMs: final.durationMs };
      } finally {
        await lock.unlock();
      }
    },

    ...(sharedLocker ? { completeAlone: completeAloneWith(sharedLocker) } : {}),
  };

  return {
    server,
    store,
    storage,
    pathOf,
    offsetOf: async (recordingId) => (await store.getUpload(recordingId)).offset,
    finalPathOf,
    onProgress: (listener) => {
      store.listener = listener;
    },
    limitSize: (quota) => {
      quotaOf = quota;
    },
  };
}

/** Runs a recording's completion while no other server completes it (a lock apart from the upload's). */
function completeAloneWith(locker: PgUploadLocker): NonNullable<UploadStorage['completeAlone']> {
  return async (recordingId, completion) => {
    const lock = locker.completionLock(recordingId);
    // Nothing to give back when another server asks: its completion waits for this one, then finds it done.
    await lock.lock(new AbortController().signal, () => undefined);
    try {
      return await completion();
    } finally {
      await lock.unlock();
    }
  };
}

interface UploadParams {
  readonly recordingId: string;
}

/** Where a PATCH says its bytes end (Upload-Offset + Content-Length); without a length, tus's maxSize cuts the body. */
function patchEnd(headers: IncomingHttpHeaders): number | undefined {
  const offset = Number(headers['upload-offset']);
  const length = Number(headers['content-length'] ?? 0);
  return Number.isSafeInteger(offset) && Number.isSafeInteger(length) ? offset + length : undefined;
}

/**
 * A request the server hands to tus before Fastify sees it (app.ts's server factory), or false for Fastify to route
 * it: a HEAD or PATCH of an upload whose authorisation is kept (upload-authorization.ts). A stream sends a PATCH a
 * second and all but the first few of them are such requests; Fastify's request and reply, its hooks and its router
 * were a tenth of the event loop's work per PATCH, for responses tus writes itself anyway (the route hijacks them).
 * Everything else — the first request of an upload, one whose kept answer expired or whose end lies beyond the kept
 * quota, any refusal, any other method or path, and every request while the server closes — goes through the route,
 * which asks the domain and answers errors as every route does.
 */
export type UploadFastPath = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * @param progress where each PATCH's new offset goes (upload-progress.ts); flushed before the database closes
 * @param corsOrigins the origins tus's CORS headers go to (EXAMROOM_CORS_ORIGINS); to no one by default.
 */
export function registerUploadRoutes(app: FastifyInstance, uploads: TusUploads, domain: ExamDomain, progress: UploadProgress, corsOrigins: readonly string[] = []): UploadFastPath {
  const base = `${API_PREFIX}${UPLOADS_PATH}`;
  const authorization = createUploadAuthorization(domain);
  uploads.onProgress((recordingId, bytesReceived) => progress.report(recordingId, bytesReceived));
  uploads.limitSize((recordingId) => authorization.quotaOf(recordingId));
  let closing = false;
  // Before the repository closes (onClose): the counts still in memory are written.
  app.addHook('preClose', async () => {
    closing = true;
    await progress.flushAll();
  });

  /** tus answers the request itself; only nosniff of helmet's headers applies, and CORS as configured. */
  const handToTus = (request: IncomingMessage, response: ServerResponse) => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    // tus answers HEAD with no Content-Length, and Node's HTTP client (tus-js-client in Node, node:http) then cannot
    // tell where the answer ends and drops the connection: the stream's next PATCH opened a new one, and since libuv
    // 1.45 the server accepts one new connection per event-loop turn (docs/architecture.md). A HEAD's body is empty
    // whatever its status, and Node never sends one; tus's own headers replace this one if it sets its own.
    if (request.method === 'HEAD') response.setHeader('Content-Length', '0');
    limitTusCorsHeaders(corsOrigins, request.headers.origin, response);
    return uploads.server.handle(request, response);
  };

  /** Authorises the caller for the recording, or answers the error and returns false. */
  async function authorize(request: FastifyRequest<{ Params: UploadParams }>, reply: FastifyReply): Promise<boolean> {
    const language = request.headers['accept-language'];
    const { recordingId } = request.params;
    if (!ID_PATTERN.test(recordingId)) {
      void reply.code(404).send(errorBodyOf('NOT_FOUND', language));
      return false;
    }
    try {
      // A PATCH that would end beyond the recording's quota is refused before a byte is written (RECORDING_TOO_LARGE).
      const uploadEnd = request.method === 'PATCH' ? patchEnd(request.headers) : undefined;
      await authorization.authorize(bearerToken(request.headers.authorization), recordingId, uploadEnd);
      return true;
    } catch (error) {
      const { status, body } = examErrorResponse(error, language);
      void reply.code(status).send(body);
      return false;
    }
  }

  // Encapsulated: the tus body parser exists only for these routes, so JSON routes still answer 415 to tus bodies.
  void app.register(async (scope) => {
    // The tus server reads the request stream itself.
    scope.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

    scope.route<{ Params: UploadParams }>({
      method: ['HEAD', 'PATCH'],
      url: `${base}/:recordingId`,
      // tus answers these itself (204s, and short plain-text errors): of helmet's headers only nosniff applies.
      helmet: false,
      handler: async (request, reply) => {
        if (!(await authorize(request, reply))) return reply;
        reply.hijack();
        await handToTus(request.raw, reply.raw);
      },
    });

    // CORS preflight and protocol discovery; tus answers without touching any upload.
    scope.options(`${base}/:recordingId`, async (request, reply) => {
      reply.hijack();
      limitTusCorsHeaders(corsOrigins, request.headers.origin, reply.raw);
      await uploads.server.handle(request.raw, reply.raw);
    });

    // R31: nothing is deleted before results are published.
    scope.delete<{ Params: UploadParams }>(`${base}/:recordingId`, async (request, reply) => {
      if (!(await authorize(request, reply))) return reply;
      return reply.code(403).send(errorBodyOf('FORBIDDEN', request.headers['accept-language']));
    });

    // Uploads are created by POST /me/recordings (and /phone/recordings), never by tus creation.
    scope.post(base, async (request, reply) =>
      reply.code(403).send(errorBodyOf('FORBIDDEN', request.headers['accept-language'])),
    );
  });

  return (request, response) => {
    if (closing || (request.method !== 'PATCH' && request.method !== 'HEAD')) return false;
    const url = request.url ?? '';
    if (!url.startsWith(`${base}/`)) return false;
    const recordingId = url.slice(base.length + 1);
    if (!ID_PATTERN.test(recordingId)) return false;
    const uploadEnd = request.method === 'PATCH' ? patchEnd(request.headers) : undefined;
    if (!authorization.allowedNow(bearerToken(request.headers.authorization), recordingId, uploadEnd)) return false;
    handToTus(request, response).catch((error: unknown) => {
      app.log.error({ err: error, recordingId }, 'tus upload failed');
      response.destroy();
    });
    return true;
  };
}
