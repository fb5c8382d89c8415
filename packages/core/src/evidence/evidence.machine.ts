/**
 * evidenceMachine: the phone's evidence recorder (佐证绑定 on the phone, R9, R10, R30) as one statechart, read top to
 * bottom in the order the candidate goes through it. Each stage's states live in stages/<stage>.ts beside the view
 * it shows; every guard, action and actor is named in evidence.setup.ts, and the actors come from the phone's ports.
 */
import type { ActorRefFrom } from 'xstate';
import { actorOutput, evidenceSetup, initialEvidenceContext } from './evidence.setup.js';
import { camera } from './stages/camera.js';
import { ended } from './stages/ended.js';
import { pairing } from './stages/pairing.js';
import { recording } from './stages/recording.js';
import { scanning } from './stages/scanning.js';

export const evidenceMachine = evidenceSetup.createMachine({
  id: 'evidence',
  context: initialEvidenceContext,
  initial: 'starting',
  states: {
    // A reload with a kept phone session goes on from where it was; otherwise pairing.
    starting: {
      tags: 'pairing:starting',
      invoke: {
        src: 'loadKeptSession',
        onDone: [
          { guard: { type: 'isSessionKept', params: actorOutput }, target: 'session', actions: { type: 'assignKept', params: actorOutput } },
          { target: 'pairing' },
        ],
        onError: 'pairing',
      },
    },
    pairing, // 配对: the code from the QR link, or typed
    // Everything the phone does with its session: the server's pushes and the recording pipeline live as long as it.
    session: {
      invoke: [{ src: 'liveEvents' }, { src: 'heartbeat' }, { id: 'recordings', src: 'recordings' }],
      on: {
        'api.sessionRevoked': [{ guard: 'isPhoneReplaced', target: '#evidence.ended.replaced' }, { target: '#evidence.ended.expired' }],
        'api.evidenceStatus': { actions: 'assignPushedStatus' },
        'upload.progress': { actions: 'assignUploads' },
        'upload.error': { actions: 'assignUploadError' },
        'device.battery': { actions: 'assignBattery' },
        'device.storage': { actions: 'assignStorage' },
        'device.wakeLock': { actions: 'assignWakeLock' },
      },
      initial: 'camera',
      states: {
        camera, // 摄像头和麦克风, 前后摄像头
        scanning, // 环拍一周
        recording, // 固定手机, 录制中, 结束录制, 上传
      },
    },
    ended, // 完成, 已被替换, 已过期
  },
});

export type EvidenceMachine = typeof evidenceMachine;
export type EvidenceActorRef = ActorRefFrom<EvidenceMachine>;
