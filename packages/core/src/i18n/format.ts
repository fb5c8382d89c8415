/** Message lookup and `{placeholder}` interpolation. */
import type { Messages } from './zh-CN.js';
import { zhCN } from './zh-CN.js';
import { en } from './en.js';
import { zhHant } from './zh-Hant.js';

/** The locales: 简体中文 (the default), 繁體中文 (zh-Hant: Hong Kong, Macau, Taiwan), English. */
export type Locale = 'zh-CN' | 'zh-Hant' | 'en';

export const LOCALES: Readonly<Record<Locale, Messages>> = { 'zh-CN': zhCN, 'zh-Hant': zhHant, en };

type Join<K, P> = K extends string ? (P extends string ? `${K}.${P}` : never) : never;

/** Dotted paths to every string of Messages, e.g. 'actions.enter' or 'errors.LATE_ENTRY_CLOSED'. */
export type MessageKey<T = Messages> = {
  [K in keyof T & string]: T[K] extends string ? K : T[K] extends readonly unknown[] ? never : Join<K, MessageKey<T[K]>>;
}[keyof T & string];

export type MessageParams = Readonly<Record<string, string | number>>;

/** Replaces each `{name}` with params[name]; unknown placeholders stay visible so a missing value is noticed. */
export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The text of a key in a locale, interpolated. Throws for a key that is not a string (a programming error). */
export function translate(messages: Messages, key: MessageKey, params?: MessageParams): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
  if (typeof value !== 'string') throw new Error(`No message for key "${key}"`);
  return interpolate(value, params);
}

/** Picks a supported locale for a BCP 47 tag (zh, zh-Hans, zh-CN → zh-CN; anything else → en). */
export function resolveLocale(tag: string | null | undefined): Locale {
  if (!tag) return 'zh-CN';
  const lower = tag.toLowerCase();
  if (!lower.startsWith('zh')) return 'en';
  // Traditional Chinese by script (zh-Hant…) or by region (Taiwan, Hong Kong, Macau), unless it names Simplified.
  return /^zh-(hant|tw|hk|mo)\b/.test(lower) || (/^zh-(?!hans)[a-z]+-(tw|hk|mo)\b/.test(lower)) ? 'zh-Hant' : 'zh-CN';
}

/** The locale for an HTTP Accept-Language header: its first language; none (or `*`) means the default, zh-CN. */
export function localeOfAcceptLanguage(acceptLanguage: string | null | undefined): Locale {
  const first = acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  return resolveLocale(first && first !== '*' ? first : null);
}
