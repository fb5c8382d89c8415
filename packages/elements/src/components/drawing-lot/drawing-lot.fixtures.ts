/** View models of 抽签 for tests and stories, one per state the stage can show. */
import type { DrawingLotView } from '@examroom/core';

export const drawingLotViews = {
  notDrawn: { stage: 'drawingLot', lot: null, drawing: false, canDraw: true, canContinue: true, error: null },
  drawing: { stage: 'drawingLot', lot: null, drawing: true, canDraw: false, canContinue: false, error: null },
  drawn: { stage: 'drawingLot', lot: 7, drawing: false, canDraw: false, canContinue: true, error: null },
  failed: { stage: 'drawingLot', lot: null, drawing: false, canDraw: true, canContinue: true, error: 'LOT_UNAVAILABLE' },
} satisfies Record<string, DrawingLotView>;
