/** The results export's words by locale, in modules of their own so that the candidate's page does not load them. */
import type { Locale } from './format.js';
import { enResultsExport } from './results-export.en.js';
import { zhCNResultsExport, type ResultsExportMessages } from './results-export.zh-CN.js';

import { zhHantResultsExport } from './results-export.zh-Hant.js';

export const RESULTS_EXPORT_LOCALES: Readonly<Record<Locale, ResultsExportMessages>> = { 'zh-CN': zhCNResultsExport, 'zh-Hant': zhHantResultsExport, en: enResultsExport };
