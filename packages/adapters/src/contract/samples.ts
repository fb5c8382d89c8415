/** A valid request for every route, given the tokens and ids of a prepared world; the suites mutate these. */
import type { RouteName } from '../rest/contract.js';
import { DEMO_EXAM, DEMO_SUPERVISOR, type SeededCandidate } from './contract-client.js';

export interface World {
  readonly sittingId: string;
  readonly candidate: SeededCandidate;
  readonly pairingCode: string;
  /** A recording of the candidate, where the world made one (createRecordingLink's sample). */
  readonly recordingId?: string;
}

export function validRequest(route: RouteName, world: World): { params?: Record<string, string>; body?: unknown; bytes?: Uint8Array; contentType?: string } {
  switch (route) {
    case 'getExam':
      return { params: { examId: DEMO_EXAM } };
    case 'loginWithPassword':
      return { body: { examId: DEMO_EXAM, idNumber: world.candidate.idNumber, password: world.candidate.password, deviceKey: 'device-key-1' } };
    case 'loginWithFace':
      return { body: { examId: DEMO_EXAM, deviceKey: 'device-key-1', image: 'aGVsbG8=' } };
    case 'saveProgress':
      return { body: { stage: 'readingProcess' } };
    case 'reportIncident':
      return { body: { id: 'incident-sample-1', kind: 'windowBlur', at: 1 } };
    case 'confirm':
      return { body: { kind: 'devices' } };
    case 'finish':
      return { body: { reason: 'completed' } };
    case 'createRecording':
      return { body: { kind: 'camera', mimeType: 'video/webm' } };
    case 'completeRecording':
      // No such recording: a caller allowed the route gets NOT_FOUND, and nothing changes.
      return { params: { recordingId: 'rec_sample_unknown' }, body: { totalBytes: 1024, sha256: 'a'.repeat(64) } };
    case 'abandonRecording':
      return { params: { recordingId: 'rec_sample_unknown' } };
    case 'sendHelpMessage':
    case 'replyHelp':
      return { body: { id: 'help-sample-1', text: '你好' }, ...(route === 'replyHelp' ? { params: { candidateId: world.candidate.id } } : {}) };
    case 'pairPhone':
      return { body: { code: world.pairingCode } };
    case 'setEvidenceStatus':
      return { body: { state: 'phoneConnected' } };
    case 'createEvidenceRecording':
      return { body: { mimeType: 'video/mp4' } };
    case 'supervisorLogin':
      return { body: DEMO_SUPERVISOR };
    case 'listCandidates':
      return { params: { sittingId: world.sittingId } };
    case 'getCandidateHelp':
    case 'listIncidents':
    case 'listRecordings':
    case 'listInterventions':
    case 'getVerdict':
    case 'getTimeline':
      return { params: { candidateId: world.candidate.id } };
    case 'sendNotice':
      return { params: { sittingId: world.sittingId }, body: { id: 'notice-sample-1', text: '开考时间推迟5分钟' } };
    case 'grantExtraTime':
      return { params: { candidateId: world.candidate.id }, body: { minutes: 5 } };
    case 'endInterview':
    case 'allowLateEntry':
    case 'waiveVirtualCamera':
      return { params: { candidateId: world.candidate.id }, body: { reason: '样例原因' } };
    case 'setVerdict':
      return { params: { candidateId: world.candidate.id }, body: { verdict: 'doubtful', comment: '样例' } };
    case 'createRecordingLink':
      return { params: { recordingId: world.recordingId ?? 'rec_sample_unknown' } };
    case 'heartbeat':
      // A part that is not the caller's: not counted, and the heartbeat answers as ever.
      return { body: { recordings: [{ id: 'rec_sample_unknown', bytesRecorded: 1024 }] } };
    case 'getCandidateUploadHealth':
      return { params: { candidateId: world.candidate.id } };
    case 'getSittingUploadHealth':
      return { params: { sittingId: world.sittingId } };
    case 'setClock':
      return { body: { now: Date.UTC(2030, 0, 1) } };
    case 'seedSitting':
      return { body: { examId: DEMO_EXAM, name: 'x', startsAt: 1, candidates: [{ name: 'x', idNumber: '123456', password: 'x', admissionNumber: 'x' }] } };
    case 'seedAdministrator':
      return { body: { username: 'sample-admin', password: 'sample-admin-password' } };
    case 'adminLogin':
      return { body: { username: 'sample-admin', password: 'sample-admin-password' } };
    case 'changeAdminPassword':
      return { body: { currentPassword: 'not-the-current-one', newPassword: 'a-new-password-of-mine' } };
    case 'adminCreateExam':
      return { body: { title: '样例考试', timeZone: 'Asia/Shanghai' } };
    case 'adminGetExam':
    case 'adminListSittings':
    case 'adminListQuestionSets':
      return { params: { examId: DEMO_EXAM } };
    // The routes that change something name what does not exist: a caller allowed the route gets a 404, and nothing changes.
    case 'adminUpdateExam':
      return { params: { examId: 'exam_sample_unknown' }, body: { title: '样例考试', timeZone: 'Asia/Shanghai' } };
    case 'adminCreateSitting':
      return { params: { examId: 'exam_sample_unknown' }, body: { name: '样例场次', startsAt: Date.UTC(2040, 0, 1) } };
    case 'adminUpdateSitting':
      return { params: { sittingId: 'sit_sample_unknown' }, body: { name: '样例场次', startsAt: Date.UTC(2040, 0, 1) } };
    case 'adminDeleteSitting':
      return { params: { sittingId: 'sit_sample_unknown' } };
    case 'adminCreateQuestionSet':
      return { params: { examId: 'exam_sample_unknown' }, body: { name: 'A 套', questions: ['请介绍你自己。'] } };
    case 'adminUpdateQuestionSet':
      return { params: { setId: 'qset_sample_unknown' }, body: { name: 'A 套', questions: ['请介绍你自己。'] } };
    case 'adminDeleteQuestionSet':
      return { params: { setId: 'qset_sample_unknown' } };
    case 'adminCreateSupervisor':
      return { body: { username: 'sample-supervisor', examIds: ['exam_sample_unknown'] } };
    case 'adminUpdateSupervisor':
      return { params: { supervisorId: 'sup_sample_unknown' }, body: { examIds: [], sittingIds: [], disabled: false } };
    case 'adminSittingResults':
      return { params: { sittingId: world.sittingId } };
    case 'adminListCandidates':
      return { params: { examId: DEMO_EXAM } };
    case 'adminPreviewRoster':
    case 'adminImportRoster':
      return { params: { examId: 'exam_sample_unknown' }, bytes: new TextEncoder().encode('姓名,身份证号,准考证号,场次\r\n'), contentType: 'text/csv' };
    case 'faceChallenge':
      return { body: { examId: DEMO_EXAM } };
    case 'adminUploadCandidatePhoto':
      // No such candidate: an allowed caller gets NOT_FOUND, and nothing is stored.
      return { params: { candidateId: 'cand_sample_unknown' }, bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), contentType: 'image/png' };
    case 'adminImportPhotos':
      // An empty zip archive: its end-of-central-directory record alone.
      return { params: { examId: 'exam_sample_unknown' }, bytes: new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]), contentType: 'application/zip' };
    case 'sendFaceCheck':
      // A JPEG's first bytes: the world's candidate has not confirmed, so an allowed caller is refused, nothing judged.
      return { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), contentType: 'image/jpeg' };
    default:
      return {};
  }
}
