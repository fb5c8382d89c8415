/** 抽签 (R11): draw a lot, or go on and let the server assign one at entry. */
import type { ErrorCode } from '../../errors/error-codes.js';
import { actorOutput, examSetup } from '../exam.setup.js';
import type { ExamSnapshot } from '../exam.view.js';
import { saveProgress } from './save-progress.js';

export const drawingLot = examSetup.createStateConfig({
  entry: { type: 'emitStage', params: { stage: 'drawingLot' } },
  invoke: saveProgress('drawingLot'),
  initial: 'idle',
  states: {
    idle: {
      tags: 'drawingLot:ready',
      on: { 'user.draw': { target: 'drawing', actions: 'clearError' } },
    },
    drawing: {
      tags: 'drawingLot:drawing',
      invoke: {
        src: 'drawLot',
        onDone: { target: 'idle', actions: { type: 'assignProgress', params: actorOutput } },
        onError: { target: 'idle', actions: 'assignError' },
      },
    },
  },
  on: { 'user.continue': { target: 'awaitingEntry', actions: 'clearError' } },
});

export interface DrawingLotView {
  /** Which stage this view is of. */
  readonly stage: 'drawingLot';
  /** The lot drawn (抽签号), or null before drawing. */
  readonly lot: number | null;
  /** The draw is on its way to the server. */
  readonly drawing: boolean;
  /** 「抽签」 enabled: no lot yet and not drawing. */
  readonly canDraw: boolean;
  /** Going on without a lot is allowed: the server assigns one at entry. */
  readonly canContinue: boolean;
  /** Why the last draw failed. */
  readonly error: ErrorCode | null;
}

export function selectDrawingLotView(snapshot: ExamSnapshot): DrawingLotView {
  const { context } = snapshot;
  const drawing = snapshot.hasTag('drawingLot:drawing');
  const lot = context.progress?.lot ?? null;
  return { stage: 'drawingLot', lot, drawing, canDraw: !drawing && lot === null, canContinue: !drawing, error: context.error };
}

export function drawingLotViewStateKeys(view: DrawingLotView): string[] {
  return [`drawingLot:${view.drawing ? 'drawing' : 'ready'}`];
}
