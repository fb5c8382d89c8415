/** Error bodies the HTTP front writes itself (not found, bad JSON, too large…), in the caller's language. */
import { LOCALES, errorCodeOf, resolveLocale, type ErrorCode } from '@examroom/core';
import { statusOf, type ErrorBody } from '@examroom/adapters/rest';

/** The first language of an Accept-Language header (as the dispatcher reads it); none or `*` means zh-CN. */
function localeOf(acceptLanguage: string | null | undefined) {
  const first = acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  return resolveLocale(first && first !== '*' ? first : null);
}

export function errorBody(code: ErrorCode, acceptLanguage: string | null | undefined): ErrorBody {
  return { code, message: LOCALES[localeOf(acceptLanguage)].errors[code] };
}

/** The status and body for an ExamError thrown by the domain; anything else is a bug and rethrown. */
export function examErrorResponse(error: unknown, acceptLanguage: string | null | undefined): { status: number; body: ErrorBody } {
  const code = errorCodeOf(error);
  if (code === 'INTERNAL_ERROR' || code === 'NETWORK_ERROR') throw error;
  return { status: statusOf(code), body: errorBody(code, acceptLanguage) };
}

/** The bearer token of an Authorization header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** Ids as the contract defines them: letters, digits, - and _, at most 64. Rejects path traversal by construction. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
