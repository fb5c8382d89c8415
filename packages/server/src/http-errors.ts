/** The HTTP front's own checks: the error answer for what the domain throws, the bearer token, the id pattern. */
import { errorCodeOf } from '@examroom/core';
import { errorBodyOf, statusOf, type ErrorBody } from '@examroom/adapters/rest';

/** The status and body for an ExamError thrown by the domain; anything else is a bug and rethrown. */
export function examErrorResponse(error: unknown, acceptLanguage: string | null | undefined): { status: number; body: ErrorBody } {
  const code = errorCodeOf(error);
  if (code === 'INTERNAL_ERROR' || code === 'NETWORK_ERROR') throw error;
  return { status: statusOf(code), body: errorBodyOf(code, acceptLanguage) };
}

/** The bearer token of an Authorization header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** Ids as the contract defines them: letters, digits, - and _, at most 64. Rejects path traversal by construction. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
