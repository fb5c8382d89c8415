import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { FinishedView } from '@examroom/core';
import { finishedLateNow, finishedNow, finishedViews } from './finished.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: FinishedView; now: number };
const meta = {
  title: 'Stages/finished 上传成功',
  component: 'exam-finished',
  args: { view: finishedViews.completed, now: finishedNow },
  argTypes: viewControls(finishedViews),
  render: (args, { globals }) => html`<exam-finished .view=${viewFromArgs(args)} .now=${args.now} lang=${globals['locale'] ?? 'zh-CN'}></exam-finished>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Completed: Story = { args: { view: finishedViews.completed } };
export const EndedEarly: Story = { args: { view: finishedViews.endedEarly } };
export const TimeUp: Story = { args: { view: finishedViews.timeUp } };
export const EvidenceUploaded: Story = { args: { view: finishedViews.evidenceUploaded } };
export const EvidenceUploadingUnsized: Story = { args: { view: finishedViews.evidenceUploadingUnsized } };
export const PhoneSilent: Story = { args: { view: finishedViews.phoneSilent } };
export const NoEvidence: Story = { args: { view: finishedViews.noEvidence } };
/** The 60 minutes for the evidence have passed and it has not uploaded. */
export const EvidenceOverdue: Story = { args: { view: finishedViews.completed, now: finishedLateNow } };
