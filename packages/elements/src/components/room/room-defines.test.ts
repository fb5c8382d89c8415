import { describe, expect, it } from 'vitest';
import { STAGES } from '@examroom/core';
// Only the room's own module, as an integrator who bundles imports it.
import '../../../dist/components/exam-room.js';
import { stageTag } from '../../utils/stage-tag';

describe('@examroom/elements/components/exam-room.js', () => {
  it('defines <exam-room> and every element it renders (its stages are chosen at run time)', () => {
    expect(customElements.get('exam-room')).toBeDefined();
    for (const stage of [...STAGES, 'barred', 'resuming'] as const) expect(customElements.get(stageTag(stage)), stageTag(stage)).toBeDefined();
    expect(customElements.get('exam-stepper')).toBeDefined();
  });

  it('offers defineExamRoom() too, safe to call again', async () => {
    const { defineExamRoom } = (await import('../../../dist/components/define-exam-room.js')) as { defineExamRoom: () => void };
    expect(() => defineExamRoom()).not.toThrow();
    expect(() => defineExamRoom()).not.toThrow();
  });
});
