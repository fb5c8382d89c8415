/**
 * Console/conversation: one candidate's help conversation beside the grid: history, quick replies (editable), the
 * reply. Each story shows a fixed view (the element's `view` property: nothing starts); the toolbar's locale applies,
 * and the English story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { conversationViews } from './conversation.fixtures';
import { consoleStage, type ConsoleStoryArgs } from './console-story';

const meta = {
  title: 'Console/conversation 求助',
  ...consoleStage(conversationViews.open, conversationViews),
} satisfies Meta<ConsoleStoryArgs>;
export default meta;
type Story = StoryObj<ConsoleStoryArgs>;
export const Default: Story = {};
export const Open: Story = { args: { view: conversationViews.open } };
export const Loading: Story = { args: { view: conversationViews.loading } };
export const Empty: Story = { args: { view: conversationViews.empty } };
export const Sending: Story = { args: { view: conversationViews.sending } };
export const SendFailed: Story = { args: { view: conversationViews.sendFailed } };
export const OwnQuickReplies: Story = { args: { view: conversationViews.ownQuickReplies } };
export const Failed: Story = { args: { view: conversationViews.failed } };
export const English: Story = { args: { view: conversationViews.open, lang: 'en' } };
