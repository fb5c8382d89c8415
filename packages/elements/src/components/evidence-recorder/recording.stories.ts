/**
 * Phone/recording: the phone's recording stage in <exam-evidence-recorder> — the phone fixed in place, 录制中 with the
 * upload's progress, 结束录制 confirmed, and the wait for the rest of the upload. Each story shows a fixed view (the
 * element's `view` property: nothing starts); the toolbar's locale applies, and the English story shows the en
 * words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { RecordingView } from '@examroom/core';
import { recordingViews } from './recording.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: RecordingView; lang?: string };
const meta = {
  title: 'Phone/recording 录制',
  component: 'exam-evidence-recorder',
  args: { view: recordingViews.recording },
  argTypes: viewControls(recordingViews),
  parameters: { layout: 'fullscreen' },
  render: (args, { globals }) => html`<exam-evidence-recorder .view=${viewFromArgs(args)} lang=${args.lang ?? globals['locale'] ?? 'zh-CN'}></exam-evidence-recorder>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Placing: Story = { args: { view: recordingViews.placing } };
export const Recording: Story = { args: { view: recordingViews.recording } };
export const Warnings: Story = { args: { view: recordingViews.warnings } };
export const Offline: Story = { args: { view: recordingViews.offline } };
export const ConfirmingStop: Story = { args: { view: recordingViews.confirmingStop } };
export const Stopping: Story = { args: { view: recordingViews.stopping } };
export const Uploading: Story = { args: { view: recordingViews.uploading } };
export const English: Story = { args: { view: recordingViews.recording, lang: 'en' } };
