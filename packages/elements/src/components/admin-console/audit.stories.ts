/**
 * Admin/audit: the audit log newest first, filtered by who and by action, 加载更多. Each story shows a fixed
 * view; the toolbar's locale applies, and the English story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { auditViews } from './audit.fixtures';
import { adminStage, type AdminStoryArgs } from './admin-story';

const meta = {
  title: 'Admin/audit 操作日志',
  ...adminStage(auditViews.list, auditViews),
} satisfies Meta<AdminStoryArgs>;
export default meta;
type Story = StoryObj<AdminStoryArgs>;
export const Default: Story = {};
export const Loading: Story = { args: { view: auditViews.loading } };
export const List: Story = { args: { view: auditViews.list } };
export const LastPage: Story = { args: { view: auditViews.lastPage } };
export const Filtered: Story = { args: { view: auditViews.filtered } };
export const Empty: Story = { args: { view: auditViews.empty } };
export const LoadingMore: Story = { args: { view: auditViews.loadingMore } };
export const MoreFailed: Story = { args: { view: auditViews.moreFailed } };
export const Failed: Story = { args: { view: auditViews.failed } };
export const English: Story = { args: { view: auditViews.list, lang: 'en' } };
