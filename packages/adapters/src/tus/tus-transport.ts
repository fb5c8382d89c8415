/**
 * core's UploadTransport over tus 1.0 (deferred length), on tus-js-client's HTTP layer: its DefaultHttpStack is
 * XMLHttpRequest in browsers and node:http in Node, so the differences stay in the library.
 *
 * The split with core's upload queue: this transport makes exactly one request per call and says what happened, as
 * an ExamError. Resuming (re-reading offset() after any failure and resending from there), backoff with jitter and
 * pausing while offline are the queue's, which is why tus-js-client's Upload class (which does all of that itself,
 * from a file it holds whole) is not used.
 */
import { DefaultHttpStack, type HttpRequest, type HttpResponse, type HttpStack } from 'tus-js-client';
import { ErrorCode, ExamError, isErrorCode, type UploadSession, type UploadTransport } from '@examroom/core';

export interface TusTransportOptions {
  /** Extra headers for every request, read at each request, e.g. `() => ({ Authorization: \`Bearer ${token}\` })`. */
  readonly headers?: () => Record<string, string>;
  /**
   * Called by finish() once the length is declared: the server checks the SHA-256 and finalises the file (the REST
   * adapter's `createRecordingCompleter`). Without it finish() only declares the length.
   */
  readonly complete?: (uploadUrl: string, totalBytes: number, sha256: string) => Promise<void>;
  /** Default tus-js-client's `new DefaultHttpStack()`. */
  readonly httpStack?: HttpStack;
  /** A request with no answer after this long is aborted and fails NETWORK_ERROR. Default 60 s. */
  readonly timeoutMs?: number;
}

export const TUS_VERSION = '1.0.0';
const DEFAULT_TIMEOUT_MS = 60_000;

/** Creates the transport; open() makes no request, the first offset() is the first contact with the server. */
export function createTusTransport(options: TusTransportOptions = {}): UploadTransport {
  const stack = options.httpStack ?? new DefaultHttpStack({});
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  /** One request; resolves with any response that came back, rejects NETWORK_ERROR when none did. */
  async function send(
    method: 'HEAD' | 'PATCH',
    url: string,
    headers: Record<string, string>,
    body: Uint8Array | null = null,
  ): Promise<HttpResponse> {
    const request: HttpRequest = stack.createRequest(method, url);
    request.setHeader('Tus-Resumable', TUS_VERSION);
    for (const [name, value] of Object.entries({ ...options.headers?.(), ...headers })) request.setHeader(name, value);
    let timer: ReturnType<typeof setTimeout> | undefined;
    // An aborted XMLHttpRequest fires neither load nor error, so the timeout settles the call itself.
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        void request.abort().catch(() => undefined);
        reject(new ExamError(ErrorCode.NETWORK_ERROR, `${method} ${url}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([request.send(body), timeout]);
    } catch (error) {
      if (error instanceof ExamError) throw error;
      throw new ExamError(ErrorCode.NETWORK_ERROR, `${method} ${url}: ${messageOf(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The server's Upload-Offset, or UPLOAD_FAILED when the response has none. */
  function offsetOf(response: HttpResponse, what: string): number {
    const offset = integerHeader(response, 'Upload-Offset');
    if (offset === undefined) throw new ExamError(ErrorCode.UPLOAD_FAILED, `${what}: no Upload-Offset in the response`);
    return offset;
  }

  async function head(uploadUrl: string): Promise<HttpResponse> {
    // No Cache-Control of our own: tus answers HEAD with `no-store`, and the header would fail CORS preflights.
    const response = await send('HEAD', uploadUrl, {});
    if (!isSuccess(response)) throw errorOf(response, `HEAD ${uploadUrl}`);
    return response;
  }

  function session(uploadUrl: string): UploadSession {
    return {
      async offset() {
        return offsetOf(await head(uploadUrl), `HEAD ${uploadUrl}`);
      },

      async append(data, offset) {
        // Bytes rather than the Blob: the Node stack sends only buffers and streams, XMLHttpRequest takes both.
        const body = new Uint8Array(await data.arrayBuffer());
        const response = await send(
          'PATCH',
          uploadUrl,
          { 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
          body,
        );
        if (!isSuccess(response)) throw errorOf(response, `PATCH ${uploadUrl} at ${offset}`);
        return offsetOf(response, `PATCH ${uploadUrl}`);
      },

      async finish(totalBytes, sha256) {
        // Asked first, so that a retry after a lost response does not declare the length twice (tus refuses that).
        const state = await head(uploadUrl);
        const offset = offsetOf(state, `HEAD ${uploadUrl}`);
        if (offset !== totalBytes) {
          throw new ExamError(ErrorCode.UPLOAD_FAILED, `Declaring ${totalBytes} bytes, the server holds ${offset}`);
        }
        const declared = integerHeader(state, 'Upload-Length');
        if (declared === undefined) {
          const response = await send('PATCH', uploadUrl, {
            'Upload-Offset': String(totalBytes),
            'Upload-Length': String(totalBytes),
            'Content-Type': 'application/offset+octet-stream',
          });
          if (!isSuccess(response)) throw errorOf(response, `PATCH ${uploadUrl} declaring ${totalBytes} bytes`);
        } else if (declared !== totalBytes) {
          throw new ExamError(ErrorCode.UPLOAD_FAILED, `Declaring ${totalBytes} bytes, ${declared} were declared before`);
        }
        await options.complete?.(uploadUrl, totalBytes, sha256);
      },
    };
  }

  return {
    async open(uploadUrl) {
      return session(uploadUrl);
    },
  };
}

function isSuccess(response: HttpResponse): boolean {
  const status = response.getStatus();
  return status >= 200 && status < 300;
}

/** A header as a non-negative integer; undefined when absent (XMLHttpRequest says null, node:http undefined). */
function integerHeader(response: HttpResponse, name: string): number | undefined {
  const value = response.getHeader(name) as string | null | undefined;
  if (value === null || value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** A failed response as an ExamError: the examroom error body's code when there is one, else one by status. */
function errorOf(response: HttpResponse, what: string): ExamError {
  const status = response.getStatus();
  const code = bodyCode(response) ?? codeForStatus(status);
  return new ExamError(code, `${what}: HTTP ${status}`);
}

function bodyCode(response: HttpResponse): ErrorCode | undefined {
  try {
    const body: unknown = JSON.parse(response.getBody());
    if (typeof body === 'object' && body !== null && 'code' in body && isErrorCode(body.code)) return body.code;
  } catch {
    // tus answers in plain text.
  }
  return undefined;
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return ErrorCode.UNAUTHENTICATED;
    case 403:
      return ErrorCode.FORBIDDEN;
    case 404:
    case 410:
      return ErrorCode.NOT_FOUND;
    case 413:
      return ErrorCode.PAYLOAD_TOO_LARGE;
    case 429:
      return ErrorCode.RATE_LIMITED;
    // 0: no response at all (XMLHttpRequest); 502–504: the server is not reachable behind its proxy; 503 also while
    // the server shuts down. All pass, so they are network errors and are retried.
    case 0:
    case 502:
    case 503:
    case 504:
      return ErrorCode.NETWORK_ERROR;
    default:
      // 409 (the offset does not match), 400/412/460 (a request tus does not accept), 5xx: the queue re-reads the offset.
      return status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.UPLOAD_FAILED;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
