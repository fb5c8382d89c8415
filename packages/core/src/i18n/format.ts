/** Message lookup, `{placeholder}` interpolation with plurals, and the embedder's own words. */
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

/**
 * A plural, in the ICU form a translator knows: `{count, plural, one {# candidate} other {# candidates}}`, with
 * `=0`-style exact cases; `#` is the number. The branch is chosen by the platform's Intl.PluralRules.
 */
const PLURAL = /\{(\w+),\s*plural,\s*((?:(?:=\d+|zero|one|two|few|many|other)\s*\{(?:[^{}]|\{\w+\})*\}\s*)+)\}/g;
const PLURAL_CASE = /(=\d+|zero|one|two|few|many|other)\s*\{((?:[^{}]|\{\w+\})*)\}/g;

/**
 * Replaces each `{name}` with params[name], and each plural (see PLURAL) by its case for params[name] in `locale`'s
 * plural rules (English's by default: only the English words use plurals); unknown placeholders stay visible so a
 * missing value is noticed.
 */
export function interpolate(template: string, params: MessageParams = {}, locale = 'en'): string {
  const plurals = template.replace(PLURAL, (whole, name: string, cases: string) => {
    const value = params[name];
    if (typeof value !== 'number') return whole;
    const branches = new Map([...cases.matchAll(PLURAL_CASE)].map((match) => [match[1]!, match[2]!]));
    const branch = branches.get(`=${value}`) ?? branches.get(new Intl.PluralRules(locale).select(value)) ?? branches.get('other') ?? whole;
    return branch.replace(/#/g, new Intl.NumberFormat(locale).format(value));
  });
  return plurals.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Words an embedder changes, each by its dotted key (e.g. `actions.enter`); every other word stays as it is. */
export type MessageOverrides = Readonly<Partial<Record<MessageKey, string>>>;

/**
 * `messages` with `overrides` applied (a copy; `messages` is left alone). A key that names no word of Messages is
 * left out and told to `onUnknown`, so that a typo is noticed rather than silently ignored.
 */
export function withMessageOverrides(messages: Messages, overrides: MessageOverrides, onUnknown?: (key: string) => void): Messages {
  const copy = structuredClone(messages) as unknown as Record<string, unknown>;
  for (const [key, text] of Object.entries(overrides)) {
    if (typeof text !== 'string') continue;
    const parts = key.split('.');
    const last = parts.pop()!;
    const node = parts.reduce<Record<string, unknown> | undefined>((at, part) => {
      const next = at?.[part];
      return typeof next === 'object' && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : undefined;
    }, copy);
    if (node === undefined || typeof node[last] !== 'string') {
      onUnknown?.(key);
      continue;
    }
    node[last] = text;
  }
  return copy as unknown as Messages;
}

/** The text of a key in a locale, interpolated. Throws for a key that is not a string (a programming error). */
export function translate(messages: Messages, key: MessageKey, params?: MessageParams): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
  if (typeof value !== 'string') throw new Error(`No message for key "${key}"`);
  return interpolate(value, params, messages.locale);
}

/** Picks a supported locale for a BCP 47 tag (zh, zh-Hans, zh-CN → zh-CN; zh-Hant, zh-TW, zh-HK, zh-MO → zh-Hant; anything else → en). */
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
