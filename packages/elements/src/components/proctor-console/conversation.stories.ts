/**
 * Console/conversation: one candidate's help conversation beside the grid: history, quick replies (editable), the
 * reply. Each story shows a fixed view (the element's `view` property: nothing starts); the toolbar's locale applies,
 * and the English story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ProctorView } from '@examroom/core';
import { conversationViews } from './conversation.fixtures';

type Args = { view: ProctorView; lang?: string };
const meta = {
  title: 'Console/conversation 求助',
  component: 'exam-proctor-console',
  args: { view: conversationViews.open },
  parameters: { layout: 'fullscreen' },
  render: (args, { globals }) =>
    html`<exam-proctor-console .view=${args.view} time-zone="Asia/Shanghai" lang=${args.lang ?? globals['locale'] ?? 'zh-CN'}></exam-proctor-console>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Open: Story = { args: { view: conversationViews.open } };
export const Loading: Story = { args: { view: conversationViews.loading } };
export const Empty: Story = { args: { view: conversationViews.empty } };
export const Sending: Story = { args: { view: conversationViews.sending } };
export const SendFailed: Story = { args: { view: conversationViews.sendFailed } };
export const OwnQuickReplies: Story = { args: { view: conversationViews.ownQuickReplies } };
export const Failed: Story = { args: { view: conversationViews.failed } };
export const English: Story = { args: { view: conversationViews.open, lang: 'en' } };
