/** Picks the messages for a component's `lang` from core's locales (zh-CN unless the tag names another language). */
import { LOCALES, resolveLocale, type Messages } from '@examroom/core';

export function messagesFor(lang: string | null | undefined): Messages {
  return LOCALES[resolveLocale(lang)];
}

/** A 0…100 value as a percentage in the messages' locale, e.g. "42%". */
export function formatPercent(messages: Messages, percent: number): string {
  return new Intl.NumberFormat(messages.locale, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}
