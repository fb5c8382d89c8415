/**
 * adminMachine: the administrator's console as one statechart, read top to bottom in the order an institution goes
 * through it: login (and 设置新密码 for a one-time password), its exams, one exam's sittings, question sets, roster
 * and results, the supervisors and what they watch, and the audit log. Each stage's states live in stages/<stage>.ts beside the view
 * it shows; every guard, action and actor is named in admin.setup.ts, and the actors and the session store's writes
 * come from the console's ports.
 */
import type { ActorRefFrom } from 'xstate';
import { actorOutput, adminSetup, initialAdminContext, sessionGone } from './admin.setup.js';
import { audit } from './stages/audit.js';
import { exams } from './stages/exams.js';
import { login } from './stages/login.js';
import { questionSets } from './stages/question-sets.js';
import { results } from './stages/results.js';
import { roster } from './stages/roster.js';
import { sittings } from './stages/sittings.js';
import { supervisors } from './stages/supervisors.js';

export const adminMachine = adminSetup.createMachine({
  id: 'admin',
  context: initialAdminContext,
  initial: 'starting',
  states: {
    // A reload with a kept session skips the login (but not 设置新密码, which the server still asks for).
    starting: {
      tags: 'login:starting',
      invoke: {
        src: 'loadKeptSession',
        onDone: [{ guard: { type: 'isSessionKept', params: actorOutput }, target: 'resuming' }, { target: 'login' }],
        onError: 'login',
      },
    },
    resuming: {
      tags: 'login:starting',
      invoke: {
        src: 'readMe',
        onDone: [
          { guard: { type: 'mustChangePassword', params: actorOutput }, target: 'login.passwordRequired', actions: { type: 'assignMe', params: actorOutput } },
          { target: 'session', actions: { type: 'assignMe', params: actorOutput } },
        ],
        onError: [sessionGone, { target: 'login', actions: 'assignError' }],
      },
    },
    login, // 管理员登录, 设置新密码
    // 退出登录: the server ends the session; it is forgotten here whatever the answer.
    loggingOut: {
      tags: 'login:starting',
      invoke: { src: 'logout', onDone: { target: 'login', actions: ['resetSession', 'clearError'] }, onError: { target: 'login', actions: ['resetSession', 'clearError'] } },
    },
    session: {
      on: {
        'user.logout': '#admin.loggingOut',
        'user.navigate': [
          { guard: { type: 'isSection', params: { section: 'exams' } }, target: '.exams' },
          { guard: { type: 'isSection', params: { section: 'supervisors' } }, target: '.supervisors' },
          { guard: { type: 'isSection', params: { section: 'audit' } }, target: '.audit' },
        ],
      },
      initial: 'exams',
      states: {
        exams, // 考试
        exam: {
          on: {
            'user.openTab': [
              { guard: { type: 'isTab', params: { tab: 'sittings' } }, target: '.sittings' },
              { guard: { type: 'isTab', params: { tab: 'questionSets' } }, target: '.questionSets' },
              { guard: { type: 'isTab', params: { tab: 'roster' } }, target: '.roster' },
              { guard: { type: 'isTab', params: { tab: 'results' } }, target: '.results' },
            ],
          },
          initial: 'sittings',
          states: {
            sittings, // 场次
            questionSets, // 面试题目
            roster, // 考生名单
            results, // 结果导出
          },
        },
        supervisors, // 监督员
        audit, // 操作日志
      },
    },
  },
});

export type AdminMachine = typeof adminMachine;
export type AdminActorRef = ActorRefFrom<AdminMachine>;
