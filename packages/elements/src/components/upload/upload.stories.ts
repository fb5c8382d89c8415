import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { uploadViews } from './upload.fixtures';
import type { UploadView } from './upload';

type Args = { view: UploadView };
const meta = {
  title: 'Stages/Upload 视频上传',
  component: 'exam-upload',
  args: { view: uploadViews.sending },
  render: (args, { globals }) => html`<exam-upload .view=${args.view} lang=${globals['locale'] ?? 'zh-CN'}></exam-upload>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Finishing: Story = { args: { view: uploadViews.finishing } };
export const Sending: Story = { args: { view: uploadViews.sending } };
export const WaitingForNetwork: Story = { args: { view: uploadViews.waitingForNetwork } };
export const Failed: Story = { args: { view: uploadViews.failed } };
export const StorageLow: Story = { args: { view: uploadViews.storageLow } };
