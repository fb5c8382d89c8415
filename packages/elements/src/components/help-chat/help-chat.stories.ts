import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { helpChatViews } from './help-chat.fixtures';
import type { HelpChatView } from './help-chat';

type Args = { view: HelpChatView };
const meta = {
  title: 'Primitives/HelpChat 求助',
  component: 'exam-help-chat',
  args: { view: helpChatViews.conversation },
  render: (args, { globals }) =>
    html`<exam-help-chat
      .messages=${args.view.messages}
      .sending=${args.view.sending}
      .unsent=${args.view.unsent}
      .error=${args.view.error}
      lang=${globals['locale'] ?? 'zh-CN'}
    ></exam-help-chat>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Empty: Story = { args: { view: helpChatViews.empty } };
export const Conversation: Story = { args: { view: helpChatViews.conversation } };
export const Sending: Story = { args: { view: helpChatViews.sending } };
export const Failed: Story = { args: { view: helpChatViews.failed } };
