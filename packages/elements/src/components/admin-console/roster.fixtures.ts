/** View models of 考生名单 for tests and stories, one per state it can show. */
import type { AdminRosterView } from '@examroom/core';
import { ADMIN_EXAM_TABS } from '@examroom/core';
import { badRosterReport, candidates, exam, goodRosterReport, sittings } from './fixtures-data';

const list = {
  stage: 'roster', phase: 'list', exam, tabs: ADMIN_EXAM_TABS, sittings, candidates, total: candidates.length, matching: candidates.length, filter: '',
  fileName: null, report: null, imported: null, photos: null, error: null, formError: null,
} satisfies AdminRosterView;
const searched = candidates.filter((c) => c.name.startsWith('王'));

export const rosterViews = {
  loading: { ...list, phase: 'loading', candidates: [], total: 0, matching: 0 },
  list,
  empty: { ...list, candidates: [], total: 0, matching: 0 },
  searched: { ...list, filter: '王', candidates: searched, matching: searched.length },
  previewing: { ...list, phase: 'previewing', fileName: '2026复试名单.xlsx' },
  problems: { ...list, phase: 'previewed', fileName: '2026复试名单.xlsx', report: badRosterReport },
  readyToImport: { ...list, phase: 'previewed', fileName: '2026复试名单.xlsx', report: goodRosterReport },
  importing: { ...list, phase: 'importing', fileName: '2026复试名单.xlsx', report: goodRosterReport },
  imported: { ...list, imported: { rows: 500, created: 380, updated: 3, unchanged: 117, passwords: 380, passwordsFileName: 'passwords-2026复试.csv' } },
  uploadingPhotos: { ...list, phase: 'uploadingPhotos' },
  photos: {
    ...list,
    photos: {
      matched: candidates.slice(0, 3).map((c) => ({ file: `${c.admissionNumber}.jpg`, candidateId: c.id, admissionNumber: c.admissionNumber })),
      unmatched: [
        { file: '202699999.jpg', reason: 'NO_CANDIDATE' },
        { file: 'readme.txt', reason: 'NOT_AN_IMAGE' },
      ],
    },
  },
  notARoster: { ...list, formError: 'FILE_TYPE_UNSUPPORTED' },
  failed: { ...list, phase: 'failed', candidates: [], total: 0, matching: 0, error: 'NETWORK_ERROR' },
} satisfies Record<string, AdminRosterView>;
