import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { infoConfirmViews } from './info-confirm.fixtures';
import type { InfoConfirmView } from './info-confirm';

type Args = { view: InfoConfirmView };
const meta = {
  title: 'Stages/InfoConfirm 信息确认',
  component: 'exam-info-confirm',
  args: { view: infoConfirmViews.ready },
  render: (args, { globals }) => html`<exam-info-confirm .view=${args.view} lang=${globals['locale'] ?? 'zh-CN'}></exam-info-confirm>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Ready: Story = { args: { view: infoConfirmViews.ready } };
export const Loading: Story = { args: { view: infoConfirmViews.loading } };
