import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { stepperArgs } from './stepper.fixtures';
import type { ExamStepper } from './stepper';

type Args = Pick<ExamStepper, 'items'>;
const meta = {
  title: 'Primitives/Stepper 步骤条',
  component: 'exam-stepper',
  args: stepperArgs.bindingEvidence,
  render: (args, { globals }) => html`<exam-stepper .items=${args.items} lang=${globals['locale'] ?? 'zh-CN'}></exam-stepper>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const FirstStage: Story = { args: stepperArgs.firstStage };
export const BindingEvidence: Story = { args: stepperArgs.bindingEvidence };
export const ConfirmingInfo: Story = { args: stepperArgs.confirmingInfo };
export const Answering: Story = { args: stepperArgs.answering };
export const AllDone: Story = { args: stepperArgs.allDone };
