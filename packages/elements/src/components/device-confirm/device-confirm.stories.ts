import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { deviceConfirmViews } from './device-confirm.fixtures';
import type { DeviceConfirmView } from './device-confirm';

type Args = { view: DeviceConfirmView };
const meta = {
  title: 'Stages/DeviceConfirm 设备确认',
  component: 'exam-device-confirm',
  args: { view: deviceConfirmViews.ready },
  render: (args, { globals }) => html`<exam-device-confirm .view=${args.view} lang=${globals['locale'] ?? 'zh-CN'}></exam-device-confirm>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Listing: Story = { args: { view: deviceConfirmViews.listing } };
export const Opening: Story = { args: { view: deviceConfirmViews.opening } };
export const Ready: Story = { args: { view: deviceConfirmViews.ready } };
export const Unlabelled: Story = { args: { view: deviceConfirmViews.unlabelled } };
export const NoCamera: Story = { args: { view: deviceConfirmViews.noCamera } };
export const Busy: Story = { args: { view: deviceConfirmViews.busy } };
