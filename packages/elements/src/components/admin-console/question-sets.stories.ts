/**
 * Admin/questionSets: one exam's question sets, the exam's and a sitting's, with their questions; the form (name, sitting, one question a line); SITTING_IN_USE in the form. Each story shows a fixed
 * view; the toolbar's locale applies, and the English story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { questionSetsViews } from './question-sets.fixtures';
import { adminStage, type AdminStoryArgs } from './admin-story';

const meta = {
  title: 'Admin/questionSets 面试题目',
  ...adminStage(questionSetsViews.list, questionSetsViews),
} satisfies Meta<AdminStoryArgs>;
export default meta;
type Story = StoryObj<AdminStoryArgs>;
export const Default: Story = {};
export const Loading: Story = { args: { view: questionSetsViews.loading } };
export const List: Story = { args: { view: questionSetsViews.list } };
export const Empty: Story = { args: { view: questionSetsViews.empty } };
export const Creating: Story = { args: { view: questionSetsViews.creating } };
export const Editing: Story = { args: { view: questionSetsViews.editing } };
export const Saving: Story = { args: { view: questionSetsViews.saving } };
export const ConfirmingDelete: Story = { args: { view: questionSetsViews.confirmingDelete } };
export const Deleting: Story = { args: { view: questionSetsViews.deleting } };
export const InUse: Story = { args: { view: questionSetsViews.inUse } };
export const Failed: Story = { args: { view: questionSetsViews.failed } };
export const English: Story = { args: { view: questionSetsViews.editing, lang: 'en' } };
