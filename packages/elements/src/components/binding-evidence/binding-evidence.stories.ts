import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { BindingEvidenceView } from '@examroom/core';
import { bindingEvidenceNow, bindingEvidenceViews } from './binding-evidence.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: BindingEvidenceView };
const meta = {
  title: 'Stages/bindingEvidence 佐证绑定',
  component: 'exam-binding-evidence',
  args: { view: bindingEvidenceViews.waitingForPhone },
  argTypes: viewControls(bindingEvidenceViews),
  render: (args, { globals }) =>
    html`<exam-binding-evidence .view=${viewFromArgs(args)} .now=${bindingEvidenceNow} lang=${globals['locale'] ?? 'zh-CN'}></exam-binding-evidence>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Pairing: Story = { args: { view: bindingEvidenceViews.pairing } };
export const Refreshing: Story = { args: { view: bindingEvidenceViews.refreshing } };
export const Failed: Story = { args: { view: bindingEvidenceViews.failed } };
export const WaitingForPhone: Story = { args: { view: bindingEvidenceViews.waitingForPhone } };
export const PhoneConnected: Story = { args: { view: bindingEvidenceViews.phoneConnected } };
export const RoomScanned: Story = { args: { view: bindingEvidenceViews.roomScanned } };
export const Recording: Story = { args: { view: bindingEvidenceViews.recording } };
export const NotRecordingYet: Story = { args: { view: bindingEvidenceViews.notRecordingYet } };
export const NotRequired: Story = { args: { view: bindingEvidenceViews.notRequired } };
export const PhoneReplaced: Story = { args: { view: bindingEvidenceViews.phoneReplaced } };
export const PhoneSilent: Story = { args: { view: bindingEvidenceViews.phoneSilent } };
export const PhoneStopped: Story = { args: { view: bindingEvidenceViews.phoneStopped } };
