import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { pledgeViews } from './pledge.fixtures';
import type { PledgeView } from './pledge';

type Args = { view: PledgeView };
const meta = {
  title: 'Stages/Pledge 考试承诺书和考试须知',
  component: 'exam-pledge',
  args: { view: pledgeViews.unread },
  render: (args, { globals }) => html`<exam-pledge .view=${args.view} lang=${globals['locale'] ?? 'zh-CN'}></exam-pledge>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Unread: Story = { args: { view: pledgeViews.unread } };
export const PledgeAccepted: Story = { args: { view: pledgeViews.pledgeAccepted } };
export const BothAccepted: Story = { args: { view: pledgeViews.bothAccepted } };
