/** The contract's error body as every front writes it: the code, its message in the caller's language, its details. */
import { LOCALES, localeOfAcceptLanguage, type ErrorCode, type ErrorDetails } from '@examroom/core';
import type { ErrorBody } from './contract.js';

/** The body for `code`, its message in the first language of an Accept-Language header (zh-CN by default). */
export function errorBodyOf(code: ErrorCode, acceptLanguage: string | null | undefined, details: ErrorDetails = {}): ErrorBody {
  return {
    code,
    message: LOCALES[localeOfAcceptLanguage(acceptLanguage)].errors[code],
    ...(details.opensAt !== undefined ? { opensAt: details.opensAt } : {}),
    ...(details.retryAfterSeconds !== undefined ? { retryAfterSeconds: details.retryAfterSeconds } : {}),
    ...(details.field !== undefined ? { field: details.field } : {}),
    ...(details.recordingId !== undefined ? { recordingId: details.recordingId } : {}),
  };
}
