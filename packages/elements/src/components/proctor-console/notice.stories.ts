/**
 * Console/notice: a notice to every candidate of the sitting, above the grid (sending, sent with how many got it,
 * failed). Each story shows a fixed view (the element's `view` property: nothing starts).
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { noticeViews } from './notice.fixtures';
import { consoleStage, type ConsoleStoryArgs } from './console-story';

const meta = {
  title: 'Console/notice 发送通知',
  ...consoleStage(noticeViews.sent, noticeViews),
} satisfies Meta<ConsoleStoryArgs>;
export default meta;
type Story = StoryObj<ConsoleStoryArgs>;
export const Default: Story = {};
export const Sending: Story = { args: { view: noticeViews.sending } };
export const Sent: Story = { args: { view: noticeViews.sent } };
export const Failed: Story = { args: { view: noticeViews.failed } };
export const English: Story = { args: { view: noticeViews.sent, lang: 'en' } };
