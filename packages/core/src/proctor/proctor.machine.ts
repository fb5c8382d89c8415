/**
 * proctorMachine: the supervisor's console (监督员) as one statechart, read top to bottom in the order the supervisor
 * goes through it: login, their sittings, a sitting's live grid with one candidate's 求助 conversation beside it.
 * Each stage's states live in stages/<stage>.ts beside the view it shows; every guard, action and actor is named in
 * proctor.setup.ts, and the actors and the session store's writes come from the console's ports.
 */
import type { ActorRefFrom } from 'xstate';
import { actorOutput, initialProctorContext, proctorSetup } from './proctor.setup.js';
import { login } from './stages/login.js';
import { sitting } from './stages/sitting.js';
import { sittings } from './stages/sittings.js';

export const proctorMachine = proctorSetup.createMachine({
  id: 'proctor',
  context: initialProctorContext,
  initial: 'starting',
  states: {
    // A reload with a kept session skips the login (and opens the sitting it had open).
    starting: {
      tags: 'login:starting',
      invoke: {
        src: 'loadKeptSession',
        onDone: [
          { guard: { type: 'isSessionKept', params: ({ event }) => event.output.kept }, target: 'session', actions: { type: 'assignKept', params: actorOutput } },
          { target: 'login', actions: { type: 'assignQuickReplies', params: actorOutput } },
        ],
        onError: 'login',
      },
    },
    login, // 监督员登录
    session: {
      on: { 'user.logout': { target: 'login', actions: ['forgetSession', 'resetSession', 'clearError'] } },
      initial: 'sittings',
      states: {
        sittings, // 场次
        sitting, // 考生列表, 求助
      },
    },
  },
});

export type ProctorMachine = typeof proctorMachine;
export type ProctorActorRef = ActorRefFrom<ProctorMachine>;
