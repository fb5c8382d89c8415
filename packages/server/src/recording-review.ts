/**
 * Recordings' final files for supervisors (RECORDING_FILE_PATH): seekable in a <video> over HTTP range requests.
 * Authorised by the domain (authorizeRecordingFile): a supervisor's bearer token, or the short-lived `?link=` token
 * of createRecordingLink, since a <video src> cannot send an Authorization header; either way only for a supervisor
 * who watches the recording's candidate's sitting. @fastify/send answers the ranges (206 with Content-Range, open-ended
 * `bytes=100-` and suffix `bytes=-100` ranges, 416 with `Content-Range: bytes *\/size`), the Content-Type by the
 * final file's extension (video/webm, video/mp4), ETag and Last-Modified — the same code @fastify/static serves the
 * elements with, rather than a range parser of our own.
 */
import { basename, dirname } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import send from '@fastify/send';
import type { ErrorCode } from '@examroom/core';
import { API_PREFIX, RECORDING_FILE_PATH, errorBodyOf, statusOf } from '@examroom/adapters/rest';
import type { ExamDomain, RecordingRow } from '@examroom/domain';
import { ID_PATTERN, bearerToken, examErrorResponse } from './http-errors.js';
import type { TusUploads } from './uploads.js';

export function registerRecordingFiles(app: FastifyInstance, domain: ExamDomain, uploads: Pick<TusUploads, 'finalPathOf'>): void {
  app.get<{ Params: { recordingId: string }; Querystring: { link?: unknown } }>(`${API_PREFIX}${RECORDING_FILE_PATH}`, async (request, reply) => {
    const language = request.headers['accept-language'];
    const refuse = (code: ErrorCode, headers: Record<string, string> = {}): FastifyReply =>
      reply.code(statusOf(code)).headers(headers).type('application/json; charset=utf-8').send(JSON.stringify(errorBodyOf(code, language)));
    const { recordingId } = request.params;
    if (!ID_PATTERN.test(recordingId)) return refuse('NOT_FOUND');
    const link = typeof request.query.link === 'string' && request.query.link !== '' ? request.query.link : null;
    let recording: RecordingRow;
    try {
      recording = await domain.authorizeRecordingFile({ token: bearerToken(request.headers.authorization), link }, recordingId);
    } catch (error) {
      const { status, body } = examErrorResponse(error, language);
      return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
    }
    return sendRecordingFile(request, reply, recording, uploads, refuse);
  });
}

/**
 * Answers with a recording's final file, honouring Range (shared by the supervisors' and the administrators' file
 * routes): NOT_FOUND before the part is finalised or when its file is gone (deleted by retention).
 */
export async function sendRecordingFile(
  request: FastifyRequest,
  reply: FastifyReply,
  recording: RecordingRow,
  uploads: Pick<TusUploads, 'finalPathOf'>,
  refuse: (code: ErrorCode, headers?: Record<string, string>) => FastifyReply,
): Promise<FastifyReply> {
  // Only a finalised part has its final file (seekable WebM, MP4 with its duration).
  if (!recording.complete) return refuse('NOT_FOUND');
  const path = uploads.finalPathOf(recording);
  const result = await send(request.raw, basename(path), { root: dirname(path), acceptRanges: true, cacheControl: false, dotfiles: 'deny', index: false });
  if (result.statusCode === 416) {
    result.stream.destroy();
    return refuse('RANGE_NOT_SATISFIABLE', result.headers['Content-Range'] ? { 'Content-Range': result.headers['Content-Range'] } : {});
  }
  if (result.type !== 'file') {
    result.stream.destroy();
    return refuse('NOT_FOUND');
  }
  return reply.code(result.statusCode).headers(result.headers).send(result.stream);
}
