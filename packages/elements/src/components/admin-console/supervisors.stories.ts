/**
 * Admin/supervisors: every supervisor and what they watch; a new one's one-time password shown once with 复制密码; the form of exams and sittings they watch and 停用; USERNAME_TAKEN in the form. Each story shows a fixed
 * view; the toolbar's locale applies, and the English story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { supervisorsViews } from './supervisors.fixtures';
import { adminStage, type AdminStoryArgs } from './admin-story';

const meta = {
  title: 'Admin/supervisors 监督员',
  ...adminStage(supervisorsViews.list, supervisorsViews),
} satisfies Meta<AdminStoryArgs>;
export default meta;
type Story = StoryObj<AdminStoryArgs>;
export const Default: Story = {};
export const Loading: Story = { args: { view: supervisorsViews.loading } };
export const List: Story = { args: { view: supervisorsViews.list } };
export const Empty: Story = { args: { view: supervisorsViews.empty } };
export const Creating: Story = { args: { view: supervisorsViews.creating } };
export const Assigning: Story = { args: { view: supervisorsViews.assigning } };
export const Saving: Story = { args: { view: supervisorsViews.saving } };
export const Created: Story = { args: { view: supervisorsViews.created } };
export const UsernameTaken: Story = { args: { view: supervisorsViews.usernameTaken } };
export const Failed: Story = { args: { view: supervisorsViews.failed } };
export const English: Story = { args: { view: supervisorsViews.created, lang: 'en' } };
