import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { evidenceBindingViews } from './evidence-binding.fixtures';
import type { EvidenceBindingView } from './evidence-binding';

type Args = { view: EvidenceBindingView };
const meta = {
  title: 'Stages/EvidenceBinding 佐证绑定',
  component: 'exam-evidence-binding',
  args: { view: evidenceBindingViews.waitingForPhone },
  render: (args, { globals }) => html`<exam-evidence-binding .view=${args.view} lang=${globals['locale'] ?? 'zh-CN'}></exam-evidence-binding>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Pairing: Story = { args: { view: evidenceBindingViews.pairing } };
export const Failed: Story = { args: { view: evidenceBindingViews.failed } };
export const WaitingForPhone: Story = { args: { view: evidenceBindingViews.waitingForPhone } };
export const PhoneConnected: Story = { args: { view: evidenceBindingViews.phoneConnected } };
export const RoomScanned: Story = { args: { view: evidenceBindingViews.roomScanned } };
export const Recording: Story = { args: { view: evidenceBindingViews.recording } };
export const NotRecordingYet: Story = { args: { view: evidenceBindingViews.notRecordingYet } };
export const NotRequired: Story = { args: { view: evidenceBindingViews.notRequired } };
