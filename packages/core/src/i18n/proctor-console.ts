/**
 * The supervisor's console words by locale, in modules of their own so that the candidate's page, which loads
 * LOCALES, does not load them.
 */
import type { Locale } from './format.js';
import { enProctorConsole } from './proctor-console.en.js';
import { zhCNProctorConsole, type ProctorConsoleMessages } from './proctor-console.zh-CN.js';

import { zhHantProctorConsole } from './proctor-console.zh-Hant.js';

export const PROCTOR_CONSOLE_LOCALES: Readonly<Record<Locale, ProctorConsoleMessages>> = { 'zh-CN': zhCNProctorConsole, 'zh-Hant': zhHantProctorConsole, en: enProctorConsole };
