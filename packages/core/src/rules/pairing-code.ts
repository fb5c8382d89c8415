/**
 * The pairing code of 佐证绑定: what the PC shows under its QR code for the candidate to type on the phone, and what
 * the QR code's link carries in its fragment (`/phone#code=…`, never sent to a server log). The server makes codes of
 * PAIRING_CODE_ALPHABET only, so that a code typed in lower case, with spaces or with the dash shown is the same code.
 */

/** Letters and digits that cannot be mistaken for one another on a small screen (no 0/O, 1/I/L). */
export const PAIRING_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 8 characters of 31: about 8.5 × 10¹¹ codes, each single-use and valid for minutes, and guesses are throttled. */
export const PAIRING_CODE_LENGTH = 8;

/** The code as the server compares it: upper case, without the spaces and dashes a candidate may type. */
export function normalizePairingCode(typed: string): string {
  return typed.replace(/[\s-]+/g, '').toUpperCase();
}

/** The code as shown to be typed: two groups of four, `ABCD-EFGH`. */
export function formatPairingCode(code: string): string {
  const normalized = normalizePairingCode(code);
  return normalized.length === PAIRING_CODE_LENGTH ? `${normalized.slice(0, 4)}-${normalized.slice(4)}` : normalized;
}

/** Whether a typed or scanned text can be a pairing code at all (checked before asking the server). */
export function isPairingCode(text: string): boolean {
  const normalized = normalizePairingCode(text);
  return normalized.length === PAIRING_CODE_LENGTH && [...normalized].every((c) => PAIRING_CODE_ALPHABET.includes(c));
}

/**
 * The code in a QR code's text or a page's URL: the `code` parameter of the fragment (`…/phone#code=ABCD-EFGH`), or
 * the text itself when it is a bare code. Null for anything else (another QR code in the room, a malformed link).
 */
export function pairingCodeFrom(text: string): string | null {
  const trimmed = text.trim();
  const hash = trimmed.indexOf('#');
  if (hash >= 0) {
    const code = new URLSearchParams(trimmed.slice(hash + 1)).get('code');
    return code !== null && isPairingCode(code) ? normalizePairingCode(code) : null;
  }
  return isPairingCode(trimmed) ? normalizePairingCode(trimmed) : null;
}
