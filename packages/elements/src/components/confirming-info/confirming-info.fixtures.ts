/** View models of 信息确认 for tests and stories, one per state the stage can show. */
import type { ConfirmingInfoView } from '@examroom/core';

const candidate = {
  id: 'c-0001',
  name: '张三',
  idNumberMasked: '1101**********0011',
  admissionNumber: '2026110100011',
};

export const confirmingInfoViews = {
  ready: {
    stage: 'confirmingInfo',
    candidate,
    sittingName: '上午场',
    startsAt: Date.UTC(2026, 10, 28, 1, 0),
    timeZone: 'Asia/Shanghai',
    lot: 7,
    canContinue: true,
    error: null,
  },
  /** Recording 信息确认 on the server failed: the candidate may confirm again. */
  failed: {
    stage: 'confirmingInfo',
    candidate,
    sittingName: '上午场',
    startsAt: Date.UTC(2026, 10, 28, 1, 0),
    timeZone: 'Asia/Shanghai',
    lot: 7,
    canContinue: true,
    error: 'NETWORK_ERROR',
  },
  /** Before the candidate's details have loaded (after a reload): nothing to confirm yet. */
  loading: {
    stage: 'confirmingInfo',
    candidate: null,
    sittingName: null,
    startsAt: null,
    timeZone: 'Asia/Shanghai',
    lot: null,
    canContinue: false,
    error: null,
  },
} satisfies Record<string, ConfirmingInfoView>;
