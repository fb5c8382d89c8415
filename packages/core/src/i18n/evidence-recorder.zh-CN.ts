import type { Widen } from './zh-CN.js';

/**
 * The phone's evidence recorder (<exam-evidence-recorder>, R9, R10, R30), one section per stage of evidenceMachine.
 * A module of its own rather than a section of zhCN: every page that shows messages loads all of zhCN
 * (a bundler splits by module), and the candidate's computer never shows these words.
 */
export const zhCNEvidenceRecorder = {
  title: '佐证视频',
  reopen: '如果本页面被意外关闭：重新打开电脑上二维码的链接，或再次扫描二维码，录制将作为下一段继续，已录制的视频不会丢失。',
  pairing: {
    title: '佐证绑定',
    intro: '请输入电脑屏幕上二维码下方的 8 位绑定码，或扫描该二维码。',
    codeLabel: '绑定码',
    codeHint: '8 位字母和数字，例如 ABCD-EFGH',
    submit: '确定',
    scan: '扫描二维码',
    cancelScan: '取消',
    starting: '正在加载…',
    submitting: '正在配对…',
    scanHint: '请将电脑屏幕上的二维码放入框内。',
    scanPreview: '扫码画面',
    codeRefused: '绑定码无效或已过期。请在电脑上点击「刷新二维码」，再扫描新的二维码或输入新的绑定码。',
  },
  camera: {
    title: '打开摄像头和麦克风',
    intro: '佐证视频需要使用手机的摄像头和麦克风。环拍请使用前置摄像头，确保本人在镜头内。',
    requesting: '正在打开摄像头和麦克风…请在浏览器的提示中选择「允许」。',
    preview: '摄像头画面',
    facing: { front: '前置摄像头', rear: '后置摄像头' },
    current: '当前使用：{facing}',
    switchTo: '切换到{facing}',
    refusedTitle: '未获得摄像头和麦克风权限',
    refusedHelp: [
      '点击「重试」，在浏览器弹出的提示中选择「允许」。',
      '没有弹出提示时：在浏览器的设置（或地址栏旁的网站设置）中允许本网站使用摄像头和麦克风，然后点击「重试」。',
      '在微信或支付宝中打开的：点击右上角「…」，选择「在浏览器中打开」，用手机自带的浏览器继续。',
      'iPhone：打开「设置」→「Safari 浏览器」→「摄像头」和「麦克风」，选择「允许」。',
    ],
    retry: '重试',
    continue: '开始环拍',
  },
  scanning: {
    title: '环拍',
    intro: '请使用前置摄像头360度环拍面试环境（确保本人在镜头内）。',
    turnByCompass: '请手持手机，缓慢原地转动一周，直到进度达到 100%。',
    turnByTime: '请手持手机，缓慢原地转动一周，至少 {seconds} 秒。',
    progress: '环拍进度',
    reporting: '环拍完成，正在通知电脑…',
  },
  recording: {
    title: '佐证视频录制',
    placing: '环拍完后，请将移动设备固定在能够拍摄到考生桌面、笔记本电脑屏幕、周围环境及考生行为的位置，然后点击「开始录制」。',
    continuous: '持续拍摄到面试结束（不得中断拍摄）。请连接充电器，不要锁屏，也不要切换到其他应用。',
    start: '开始录制',
    stop: '结束录制',
    badge: '录制中',
    stopHint: '面试结束后，请手动停止佐证视频拍摄，并于60分钟内确认佐证视频已上传。',
    status: '录制中 · 已上传 {uploaded} / {recorded} MB',
    uploadingStatus: '上传中 · 已上传 {uploaded} / {recorded} MB',
    confirmTitle: '确定结束录制吗？',
    confirmText: '请确认面试已经结束。结束后将停止佐证视频拍摄，剩余的视频会自动上传。',
    confirmStop: '结束录制',
    cancelStop: '继续录制',
    stopping: '正在停止录制…',
    uploading: '正在上传佐证视频。请保持本页面打开、手机联网，直到显示「佐证视频已上传」。',
    batteryLow: '电量低，请连接充电器。',
    storageLow: '手机存储空间不足，请清理存储空间，不要关闭本页面。',
    noWakeLock: '本浏览器无法保持屏幕常亮。请在手机设置中关闭自动锁屏，录制期间不要锁屏。',
  },
  ended: {
    done: { title: '佐证视频已上传', text: '佐证视频已全部上传，可以关闭本页面。' },
    replaced: { title: '已在另一部手机上继续录制', text: '已用另一部手机扫码，本手机已停止佐证录制，可以关闭本页面。' },
    expired: { title: '手机会话已结束', text: '本手机的佐证录制已结束。若佐证视频未能上传成功，请务必主动联系技术人员处理。' },
  },
} as const;

/** The shape every locale's evidence recorder words have: the keys of zhCNEvidenceRecorder, any words. */
export type EvidenceRecorderMessages = Widen<typeof zhCNEvidenceRecorder>;
