import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { CountdownView } from '@examroom/core';
import { countdownViews, countdownNow } from './countdown.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: CountdownView; now: number };
const meta = {
  title: 'Stages/countdown 考试开始前倒计时',
  component: 'exam-countdown',
  args: { view: countdownViews.waiting, now: countdownNow },
  argTypes: viewControls(countdownViews),
  render: (args, { globals }) => html`<exam-countdown .view=${viewFromArgs(args)} .now=${args.now} lang=${globals['locale'] ?? 'zh-CN'}></exam-countdown>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Waiting: Story = { args: { view: countdownViews.waiting } };
export const NoCandidate: Story = { args: { view: countdownViews.noCandidate } };
