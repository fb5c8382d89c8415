import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { CheckingDevicesView } from '@examroom/core';
import { checkingDevicesViews } from './checking-devices.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: CheckingDevicesView };
const meta = {
  title: 'Stages/checkingDevices 设备准备',
  component: 'exam-checking-devices',
  args: { view: checkingDevicesViews.allPassed },
  argTypes: viewControls(checkingDevicesViews),
  render: (args, { globals }) => html`<exam-checking-devices .view=${viewFromArgs(args)} lang=${globals['locale'] ?? 'zh-CN'}></exam-checking-devices>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Running: Story = { args: { view: checkingDevicesViews.running } };
export const AllPassed: Story = { args: { view: checkingDevicesViews.allPassed } };
export const BatteryWarning: Story = { args: { view: checkingDevicesViews.batteryWarning } };
export const CameraDenied: Story = { args: { view: checkingDevicesViews.cameraDenied } };
export const Rechecking: Story = { args: { view: checkingDevicesViews.rechecking } };
export const VirtualCamera: Story = { args: { view: checkingDevicesViews.virtualCamera } };
