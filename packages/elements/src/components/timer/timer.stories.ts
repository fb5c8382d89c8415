import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { timerArgs } from './timer.fixtures';
import type { ExamTimer } from './timer';

type Args = Pick<ExamTimer, 'remainingMs'>;
const meta = {
  title: 'Primitives/Timer 计时器',
  component: 'exam-timer',
  args: timerArgs.answering,
  argTypes: { remainingMs: { control: { type: 'number', min: 0, step: 1000 } } },
  render: (args, { globals }) => html`<exam-timer .remainingMs=${args.remainingMs} lang=${globals['locale'] ?? 'zh-CN'}></exam-timer>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const OverAnHour: Story = { args: timerArgs.overAnHour };
export const Answering: Story = { args: timerArgs.answering };
export const UnderAMinute: Story = { args: timerArgs.underAMinute };
export const TimeUp: Story = { args: timerArgs.timeUp };
