/** The roster import's words by locale, in modules of their own so that the candidate's page does not load them. */
import type { RosterProblem } from '../rules/roster.js';
import type { Locale } from './format.js';
import { enRosterProblems } from './roster.en.js';
import { zhCNRosterProblems } from './roster.zh-CN.js';

import { zhHantRosterProblems } from './roster.zh-Hant.js';

export const ROSTER_PROBLEM_LOCALES: Readonly<Record<Locale, Readonly<Record<RosterProblem, string>>>> = { 'zh-CN': zhCNRosterProblems, 'zh-Hant': zhHantRosterProblems, en: enRosterProblems };
