import type { FinishReason } from '../rules/stages.js';
import type { RecordingKind } from '../ports/recorder.port.js';
import type { VerdictKind } from '../ports/proctor-api.port.js';
import type { Widen } from './zh-CN.js';

/**
 * The administrator's results export (CSV, XLSX): the column headings and the words of its cells. A module of its
 * own: only the server's export and the administrator's console need it. The incidents' words are zhCN.incidents.
 */
export const zhCNResultsExport = {
  sheet: '面试结果',
  columns: {
    name: '姓名',
    idNumberMasked: '身份证号（隐去中间）',
    admissionNumber: '准考证号',
    sitting: '场次',
    attended: '是否登录',
    firstLoginAt: '首次登录时间',
    enteredAt: '进入面试时间',
    finishedHow: '结束方式',
    finishedAt: '结束时间',
    lot: '抽签号',
    incidentCount: '异常次数',
    incidentKinds: '异常类型',
    evidence: '佐证视频是否按时上传',
    evidenceDueAt: '佐证上传截止时间',
    verdict: '审核结论',
    verdictComment: '结论说明',
    verdictBy: '给出结论的监督员',
    verdictAt: '结论时间',
    recordings: '录像下载地址',
  },
  yes: '是',
  no: '否',
  notFinished: '未结束',
  finishReasons: { completed: '考生交卷', endedEarly: '考生提前结束', timeUp: '答题时间到', endedBySupervisor: '监督员结束面试' } satisfies Record<FinishReason, string>,
  evidence: { onTime: '按时', late: '逾期', pending: '尚未到截止时间', notRequired: '不要求', notEntered: '未进入面试' },
  verdicts: { passed: '通过', doubtful: '存疑', violation: '违规' } satisfies Record<VerdictKind, string>,
  noVerdict: '尚无结论',
  /** A recording in the list of links: `摄像头 第1段 https://…`. */
  recordingKinds: { camera: '摄像头', screen: '屏幕', evidence: '手机佐证' } satisfies Record<RecordingKind, string>,
  part: '第{part}段',
  incomplete: '（未完成上传）',
  /** An incident kind with its count: `切屏（窗口失去焦点）×2`. */
  incidentCount: '{kind}×{count}',
};

export type ResultsExportMessages = Widen<typeof zhCNResultsExport>;
