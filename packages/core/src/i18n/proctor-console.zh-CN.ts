import type { ProgressStage } from '../rules/stages.js';
import type { EvidenceState } from '../ports/exam-api.port.js';
import type { GridFilter } from '../proctor/grid.js';
import type { Widen } from './zh-CN.js';

/**
 * The supervisor's console (<exam-proctor-console>, 监督员, R27, R32), one section per stage of proctorMachine. A
 * module of its own rather than a section of zhCN: every page that shows messages loads all of zhCN (a bundler
 * splits by module), and the candidate's computer never shows these words.
 */
export const zhCNProctorConsole = {
  title: '监督员控制台',
  logout: '退出登录',
  loading: '正在加载…',
  retry: '重试',
  login: {
    title: '监督员登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    submitting: '正在登录…',
    invalidCredentials: '用户名或密码不正确。',
  },
  sittings: {
    title: '我的场次',
    empty: '暂无需要监督的场次。',
    startsAt: '开始时间',
    candidates: '{count} 名考生',
    open: '进入场次',
  },
  sitting: {
    back: '返回场次列表',
    summary: '共 {total} 名考生',
    grid: '考生列表',
    stageCounts: '各环节人数',
    sortBy: '排序',
    sorts: { name: '按姓名', stage: '按环节' },
    filters: {
      all: '全部',
      needsHelp: '需要帮助',
      offline: '离线',
      incidents: '有异常',
      evidenceLate: '佐证逾期',
    } satisfies Record<GridFilter, string>,
    filtersLabel: '筛选',
    noneMatch: '没有符合条件的考生。',
    columns: {
      name: '姓名',
      admissionNumber: '准考证号',
      stage: '当前环节',
      online: '状态',
      evidence: '佐证视频',
      due: '上传截止',
      lot: '抽签号',
      incidents: '异常',
      help: '求助',
    },
    online: '在线',
    offline: '离线',
    noLot: '—',
    noDue: '无需佐证',
    late: '已逾期',
    incidents: '{count} 条异常',
    unread: '{count} 条未读求助',
    openHelp: '查看求助',
    uploaded: '已上传 {received} MB',
    uploadedOf: '已上传 {received} / {expected} MB',
  },
  stages: {
    readingProcess: '阅读面试流程',
    bindingEvidence: '佐证绑定',
    drawingLot: '抽签',
    awaitingEntry: '等待进入',
    confirmingDevices: '设备确认',
    confirmingInfo: '信息确认',
    readingPledge: '阅读承诺书',
    countdown: '倒计时',
    answering: '答题中',
    uploading: '上传中',
    finished: '已结束',
  } satisfies Record<ProgressStage, string>,
  evidence: {
    waitingForPhone: '等待手机扫码',
    phoneConnected: '已连接',
    roomScanned: '环拍完成',
    recording: '录制中',
    stopped: '已停止录制',
    uploaded: '已上传',
  } satisfies Record<EvidenceState, string>,
  conversation: {
    title: '求助：{name}',
    close: '关闭',
    loading: '正在读取求助记录…',
    empty: '暂无求助消息。',
    fromCandidate: '考生',
    fromSupervisor: '监督员',
    reply: '回复',
    replyLabel: '回复内容',
    send: '发送',
    sending: '正在发送…',
    quickReplies: '快捷回复',
    editQuickReplies: '编辑快捷回复',
    quickRepliesHint: '每行一条快捷回复。',
    save: '保存',
    cancel: '取消',
    defaultQuickReplies: ['您好，监督员已收到，请稍等。', '请刷新页面后重试。', '请检查摄像头和麦克风是否已连接并允许使用。', '请用手机重新扫描二维码，继续佐证录制。', '问题已解决，请继续面试。'],
  },
};

export type ProctorConsoleMessages = Widen<typeof zhCNProctorConsole>;
