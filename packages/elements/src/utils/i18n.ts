/**
 * Picks the messages for a component's `lang` from core's locales, with the embedder's own words (setExamMessages)
 * applied, and formats numbers, instants and durations in them.
 */
import { interpolate, LOCALES, resolveLocale, splitDuration, withMessageOverrides, type Locale, type MessageOverrides, type Messages } from '@examroom/core';

/**
 * The embedder's words per locale, kept on the page's global object: the lazy build may hold this module more than
 * once (the entry and a chunk), and every copy must see the same words.
 */
const OVERRIDES = Symbol.for('examroom.messageOverrides');
type Registry = Map<Locale, Messages>;
const registry = (): Registry => ((globalThis as unknown as Record<symbol, Registry>)[OVERRIDES] ??= new Map());

/**
 * Changes words of every examroom element of one language on the page, each by its dotted key, e.g.
 * `setExamMessages('zh-CN', { 'actions.enter': '进入面试' })`; the other words stay. Call it before the elements
 * render (or set `<exam-room>`'s `messages`). A key that names no word is reported on the console. Calling it again
 * replaces that language's words.
 */
export function setExamMessages(lang: string, words: MessageOverrides): void {
  const locale = resolveLocale(lang);
  registry().set(locale, withMessageOverrides(LOCALES[locale], words, (key) => console.warn(`examroom: "${key}" names no word of the ${locale} messages; it is ignored`)));
}

export function messagesFor(lang: string | null | undefined): Messages {
  const locale = resolveLocale(lang);
  return registry().get(locale) ?? LOCALES[locale];
}

/** A 0…100 value as a percentage in the messages' locale, e.g. "42%". */
export function formatPercent(messages: Messages, percent: number): string {
  return new Intl.NumberFormat(messages.locale, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}

/**
 * Date and time of day in the exam's time zone (an IANA name, from the view), e.g. 2026年11月28日 10:15 — never the
 * browser's own zone, which on a kiosk or a candidate abroad may be UTC or anything else.
 */
export function formatDateTime(messages: Messages, instant: number, timeZone: string): string {
  return new Intl.DateTimeFormat(messages.locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(instant);
}

/** Time of day (hours and minutes) in the exam's time zone, e.g. 10:15. */
export function formatTimeOfDay(messages: Messages, instant: number, timeZone: string): string {
  return new Intl.DateTimeFormat(messages.locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(instant);
}

/** A duration in the locale's words, e.g. 59分5秒 or 1 h 2 min 5 s; rounded up to whole seconds. */
export function formatDuration(messages: Messages, ms: number): string {
  const { hours, minutes, seconds } = splitDuration(ms);
  return hours > 0
    ? interpolate(messages.time.remainingHours, { hours, minutes, seconds })
    : interpolate(messages.time.remaining, { minutes, seconds });
}

/** A size in megabytes (MiB) with one decimal in the messages' locale, e.g. "12.3 MB". */
export function formatMegabytes(messages: Messages, bytes: number): string {
  const megabytes = new Intl.NumberFormat(messages.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / 1_048_576);
  return `${megabytes} MB`;
}
