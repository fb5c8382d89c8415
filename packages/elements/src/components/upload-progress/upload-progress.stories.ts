import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { uploadProgressArgs } from './upload-progress.fixtures';
import type { ExamUploadProgress } from './upload-progress';

type Args = Pick<ExamUploadProgress, 'kind' | 'percent' | 'state'>;
const meta = {
  title: 'Primitives/UploadProgress 上传进度',
  component: 'exam-upload-progress',
  args: uploadProgressArgs.uploading,
  argTypes: {
    kind: { control: 'inline-radio', options: ['camera', 'screen', 'evidence'] },
    percent: { control: { type: 'range', min: 0, max: 100, step: 1 } },
    state: { control: 'select', options: ['recording', 'uploading', 'waitingForNetwork', 'done', 'failed'] },
  },
  render: (args, { globals }) =>
    html`<exam-upload-progress kind=${args.kind} .percent=${args.percent} state=${args.state} lang=${globals['locale'] ?? 'zh-CN'}></exam-upload-progress>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Recording: Story = { args: uploadProgressArgs.recording };
export const Uploading: Story = { args: uploadProgressArgs.uploading };
export const WaitingForNetwork: Story = { args: uploadProgressArgs.waitingForNetwork };
export const Failed: Story = { args: uploadProgressArgs.failed };
export const Done: Story = { args: uploadProgressArgs.done };
export const Evidence: Story = { args: uploadProgressArgs.evidence };
