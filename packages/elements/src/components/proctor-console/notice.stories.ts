/**
 * Console/notice: a notice to every candidate of the sitting, above the grid (sending, sent with how many got it,
 * failed). Each story shows a fixed view (the element's `view` property: nothing starts).
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ProctorView } from '@examroom/core';
import { noticeViews } from './notice.fixtures';

type Args = { view: ProctorView; lang?: string };
const meta = {
  title: 'Console/notice 发送通知',
  component: 'exam-proctor-console',
  args: { view: noticeViews.sent },
  parameters: { layout: 'fullscreen' },
  render: (args, { globals }) =>
    html`<exam-proctor-console .view=${args.view} time-zone="Asia/Shanghai" lang=${args.lang ?? globals['locale'] ?? 'zh-CN'}></exam-proctor-console>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Sending: Story = { args: { view: noticeViews.sending } };
export const Sent: Story = { args: { view: noticeViews.sent } };
export const Failed: Story = { args: { view: noticeViews.failed } };
export const English: Story = { args: { view: noticeViews.sent, lang: 'en' } };
