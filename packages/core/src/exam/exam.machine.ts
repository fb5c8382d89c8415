/**
 * examMachine: the candidate's whole interview (R2–R30) as one statechart, read top to bottom in the order the
 * candidate goes through it. Each stage's states live in stages/<stage>.ts beside the view it shows; every guard,
 * action and actor is named in exam.setup.ts, and the actors come from the ports (exam.actors.ts).
 */
import type { ActorRefFrom } from 'xstate';
import { initialContext } from './exam.context.js';
import { everyStage } from './exam.root.js';
import { examSetup } from './exam.setup.js';
import { answering } from './stages/answering.js';
import { awaitingEntry } from './stages/awaitingEntry.js';
import { barred } from './stages/barred.js';
import { bindingEvidence } from './stages/bindingEvidence.js';
import { checkingDevices } from './stages/checkingDevices.js';
import { confirmingDevices } from './stages/confirmingDevices.js';
import { confirmingInfo } from './stages/confirmingInfo.js';
import { countdown } from './stages/countdown.js';
import { drawingLot } from './stages/drawingLot.js';
import { finished } from './stages/finished.js';
import { login } from './stages/login.js';
import { readingPledge } from './stages/readingPledge.js';
import { readingProcess } from './stages/readingProcess.js';
import { resuming } from './stages/resuming.js';
import { uploading } from './stages/uploading.js';

export const examMachine = examSetup.createMachine({
  id: 'exam',
  context: initialContext,
  invoke: everyStage.invoke,
  on: everyStage.on,
  initial: 'checkingDevices',
  states: {
    checkingDevices, // 设备准备
    login, // 人脸登录 / 普通登录
    readingProcess, // 阅读面试流程
    bindingEvidence, // 佐证绑定
    drawingLot, // 抽签
    awaitingEntry, // 进入考试
    confirmingDevices, // 设备确认
    confirmingInfo, // 信息确认
    readingPledge, // 考试承诺书和须知
    countdown, // 考试开始前倒计时
    answering, // 开始答题
    uploading, // 上传
    finished, // 上传成功
    barred, // 不能继续: late, login closed or taken over
    resuming, // 继续面试: back after a reload, the screen shared again before the stage after entry
  },
});

export type ExamMachine = typeof examMachine;
export type ExamActorRef = ActorRefFrom<ExamMachine>;
