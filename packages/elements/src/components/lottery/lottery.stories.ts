import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { lotteryViews } from './lottery.fixtures';
import type { LotteryView } from './lottery';

type Args = { view: LotteryView };
const meta = {
  title: 'Stages/Lottery 抽签',
  component: 'exam-lottery',
  args: { view: lotteryViews.notDrawn },
  render: (args, { globals }) => html`<exam-lottery .view=${args.view} lang=${globals['locale'] ?? 'zh-CN'}></exam-lottery>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const NotDrawn: Story = { args: { view: lotteryViews.notDrawn } };
export const Drawing: Story = { args: { view: lotteryViews.drawing } };
export const Drawn: Story = { args: { view: lotteryViews.drawn } };
export const Failed: Story = { args: { view: lotteryViews.failed } };
