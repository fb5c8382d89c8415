/**
 * The administrator's console words by locale, in modules of their own so that neither the candidate's page nor the
 * supervisor's console loads them.
 */
import type { Locale } from './format.js';
import { enAdminConsole } from './admin-console.en.js';
import { zhCNAdminConsole, type AdminConsoleMessages } from './admin-console.zh-CN.js';

import { zhHantAdminConsole } from './admin-console.zh-Hant.js';

export const ADMIN_CONSOLE_LOCALES: Readonly<Record<Locale, AdminConsoleMessages>> = { 'zh-CN': zhCNAdminConsole, 'zh-Hant': zhHantAdminConsole, en: enAdminConsole };
