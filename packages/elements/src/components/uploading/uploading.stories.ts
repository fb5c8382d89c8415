import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { UploadingView } from '@examroom/core';
import { uploadingViews } from './uploading.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: UploadingView };
const meta = {
  title: 'Stages/uploading 视频上传',
  component: 'exam-uploading',
  args: { view: uploadingViews.sending },
  argTypes: viewControls(uploadingViews),
  render: (args, { globals }) => html`<exam-uploading .view=${viewFromArgs(args)} lang=${globals['locale'] ?? 'zh-CN'}></exam-uploading>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Finishing: Story = { args: { view: uploadingViews.finishing } };
export const Sending: Story = { args: { view: uploadingViews.sending } };
export const WaitingForNetwork: Story = { args: { view: uploadingViews.waitingForNetwork } };
export const Failed: Story = { args: { view: uploadingViews.failed } };
export const StorageLow: Story = { args: { view: uploadingViews.storageLow } };
