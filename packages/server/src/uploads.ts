/**
 * Recordings' bytes over tus (@tus/server + @tus/file-store) under `/api/v1/uploads/<recordingId>`. Uploads are never
 * created by clients: the domain creates one per recording (UploadStorage.create), with deferred length. Every HEAD and
 * PATCH is authorised by the domain first; after every PATCH's write (also a cut-off one) and before its response,
 * the domain learns the new offset and whether the upload is complete.
 */
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FileStore } from '@tus/file-store';
import { Server as TusServer, Upload } from '@tus/server';
import { API_PREFIX, UPLOADS_PATH, type ExamDomain, type UploadStorage } from '@examroom/adapters/rest';
import { ID_PATTERN, bearerToken, errorBody, examErrorResponse } from './http-errors.js';

/** The largest recording accepted (an hour of phone evidence at a generous bitrate fits many times). */
const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

/** Told what is on disk after every write: bytes received so far, and whether that is the declared length. */
export type UploadProgressListener = (recordingId: string, bytesReceived: number, complete: boolean) => void;

export interface TusUploads {
  readonly server: TusServer;
  readonly store: FileStore;
  readonly storage: UploadStorage;
  /** Absolute path of a recording's file. */
  pathOf(recordingId: string): string;
  /** Sets the one progress listener (the domain's recordUploadProgress). */
  onProgress(listener: UploadProgressListener): void;
}

type Log = { error(object: object, message: string): void };

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
    try {
      return await super.write(readable, id, offset);
    } finally {
      // Also after a failed or cut-off write: whatever reached the disk counts.
      await this.report(id);
    }
  }

  private async report(id: string): Promise<void> {
    try {
      const upload = await this.getUpload(id);
      this.listener?.(id, upload.offset, upload.size !== undefined && upload.offset === upload.size);
    } catch (error) {
      this.log.error({ err: error, recordingId: id }, 'recording upload progress not recorded');
    }
  }
}

export function createTusUploads(directory: string, log: Log): TusUploads {
  const store = new ReportingFileStore(directory, log);
  const server = new TusServer({
    path: `${API_PREFIX}${UPLOADS_PATH}`,
    datastore: store,
    maxSize: MAX_UPLOAD_BYTES,
    respectForwardedHeaders: false,
    disableTerminationForFinishedUploads: true,
    // The id is the last path segment, and only ever a contract id (the Fastify route checked it already).
    getFileIdFromRequest: (req) => {
      const id = new URL(req.url).pathname.split('/').pop() ?? '';
      return ID_PATTERN.test(id) ? id : undefined;
    },
    // tus puts an internal error's message into the body; keep it in the log instead.
    onResponseError: (_req, error) => {
      const status = 'status_code' in error ? error.status_code : 500;
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
  };

  return {
    server,
    store,
    storage,
    pathOf: (id) => join(directory, id),
    onProgress: (listener) => {
      store.listener = listener;
    },
  };
}

interface UploadParams {
  readonly recordingId: string;
}

export function registerUploadRoutes(app: FastifyInstance, uploads: TusUploads, domain: ExamDomain): void {
  const base = `${API_PREFIX}${UPLOADS_PATH}`;
  uploads.onProgress((recordingId, bytesReceived, complete) => domain.recordUploadProgress(recordingId, bytesReceived, complete));

  /** Authorises the caller for the recording, or answers the error and returns false. */
  function authorize(request: FastifyRequest<{ Params: UploadParams }>, reply: FastifyReply): boolean {
    const language = request.headers['accept-language'];
    const { recordingId } = request.params;
    if (!ID_PATTERN.test(recordingId)) {
      void reply.code(404).send(errorBody('NOT_FOUND', language));
      return false;
    }
    try {
      domain.authorizeUpload(bearerToken(request.headers.authorization), recordingId);
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
      handler: async (request, reply) => {
        if (!authorize(request, reply)) return reply;
        reply.hijack();
        await uploads.server.handle(request.raw, reply.raw);
      },
    });

    // CORS preflight and protocol discovery; tus answers without touching any upload.
    scope.options(`${base}/:recordingId`, async (request, reply) => {
      reply.hijack();
      await uploads.server.handle(request.raw, reply.raw);
    });

    // R31: nothing is deleted before results are published.
    scope.delete<{ Params: UploadParams }>(`${base}/:recordingId`, async (request, reply) => {
      if (!authorize(request, reply)) return reply;
      return reply.code(403).send(errorBody('FORBIDDEN', request.headers['accept-language']));
    });

    // Uploads are created by POST /me/recordings (and /phone/recordings), never by tus creation.
    scope.post(base, async (request, reply) =>
      reply.code(403).send(errorBody('FORBIDDEN', request.headers['accept-language'])),
    );
  });
}
