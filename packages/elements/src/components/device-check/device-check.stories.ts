import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { deviceCheckViews } from './device-check.fixtures';
import type { DeviceCheckView } from './device-check';

type Args = { view: DeviceCheckView };
const meta = {
  title: 'Stages/DeviceCheck 设备准备',
  component: 'exam-device-check',
  args: { view: deviceCheckViews.allPassed },
  render: (args, { globals }) => html`<exam-device-check .view=${args.view} lang=${globals['locale'] ?? 'zh-CN'}></exam-device-check>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Running: Story = { args: { view: deviceCheckViews.running } };
export const AllPassed: Story = { args: { view: deviceCheckViews.allPassed } };
export const BatteryWarning: Story = { args: { view: deviceCheckViews.batteryWarning } };
export const CameraDenied: Story = { args: { view: deviceCheckViews.cameraDenied } };
export const Rechecking: Story = { args: { view: deviceCheckViews.rechecking } };
