/** Stepper items for stories and tests: the candidate guide's stages as the shell shows them at a few points of the exam. */
import { STEPS, type Step, type StepperItem } from '@examroom/core';
import type { ExamStepper } from './stepper';

/** The items as core's selectStepper gives them while `current` is the candidate's stage (null: all done). */
function itemsAt(current: Step | null): readonly StepperItem[] {
  const index = current === null ? STEPS.length : STEPS.indexOf(current);
  return STEPS.map((step, i) => ({ step, status: i < index ? 'done' : i === index ? 'current' : 'upcoming' }));
}

export const stepperArgs = {
  firstStage: { items: itemsAt('checkingDevices') },
  bindingEvidence: { items: itemsAt('bindingEvidence') },
  confirmingInfo: { items: itemsAt('confirmingInfo') },
  answering: { items: itemsAt('answering') },
  allDone: { items: itemsAt(null) },
} satisfies Record<string, Pick<ExamStepper, 'items'>>;
