/**
 * The phone's evidence recorder words by locale, in modules of their own so that the candidate's page, which loads
 * LOCALES, does not load them.
 */
import type { Locale } from './format.js';
import { enEvidenceRecorder } from './evidence-recorder.en.js';
import { zhCNEvidenceRecorder, type EvidenceRecorderMessages } from './evidence-recorder.zh-CN.js';

import { zhHantEvidenceRecorder } from './evidence-recorder.zh-Hant.js';

export const EVIDENCE_RECORDER_LOCALES: Readonly<Record<Locale, EvidenceRecorderMessages>> = { 'zh-CN': zhCNEvidenceRecorder, 'zh-Hant': zhHantEvidenceRecorder, en: enEvidenceRecorder };
