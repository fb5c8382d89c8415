import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ConfirmingDevicesView } from '@examroom/core';
import { confirmingDevicesViews } from './confirming-devices.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: ConfirmingDevicesView };
const meta = {
  title: 'Stages/confirmingDevices 设备确认',
  component: 'exam-confirming-devices',
  args: { view: confirmingDevicesViews.ready },
  argTypes: viewControls(confirmingDevicesViews),
  render: (args, { globals }) => html`<exam-confirming-devices .view=${viewFromArgs(args)} lang=${globals['locale'] ?? 'zh-CN'}></exam-confirming-devices>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Listing: Story = { args: { view: confirmingDevicesViews.listing } };
export const Opening: Story = { args: { view: confirmingDevicesViews.opening } };
export const Ready: Story = { args: { view: confirmingDevicesViews.ready } };
export const Unlabelled: Story = { args: { view: confirmingDevicesViews.unlabelled } };
export const NoCamera: Story = { args: { view: confirmingDevicesViews.noCamera } };
export const Busy: Story = { args: { view: confirmingDevicesViews.busy } };
export const VirtualCamera: Story = { args: { view: confirmingDevicesViews.virtualCamera } };
export const AwaitingWaiver: Story = { args: { view: confirmingDevicesViews.awaitingWaiver } };
