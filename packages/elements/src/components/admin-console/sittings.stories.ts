/**
 * Admin/sittings: one exam's sittings in its time zone; the form (name, start, entry time, answer time), 删除 while empty; SITTING_IN_PAST and SITTING_IN_USE in the form. Each story shows a fixed
 * view; the toolbar's locale applies, and the English story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { sittingsViews } from './sittings.fixtures';
import { adminStage, type AdminStoryArgs } from './admin-story';

const meta = {
  title: 'Admin/sittings 场次',
  ...adminStage(sittingsViews.list, sittingsViews),
} satisfies Meta<AdminStoryArgs>;
export default meta;
type Story = StoryObj<AdminStoryArgs>;
export const Default: Story = {};
export const Loading: Story = { args: { view: sittingsViews.loading } };
export const List: Story = { args: { view: sittingsViews.list } };
export const Empty: Story = { args: { view: sittingsViews.empty } };
export const Creating: Story = { args: { view: sittingsViews.creating } };
export const Editing: Story = { args: { view: sittingsViews.editing } };
export const EditingInUse: Story = { args: { view: sittingsViews.editingInUse } };
export const Saving: Story = { args: { view: sittingsViews.saving } };
export const ConfirmingDelete: Story = { args: { view: sittingsViews.confirmingDelete } };
export const Deleting: Story = { args: { view: sittingsViews.deleting } };
export const InPast: Story = { args: { view: sittingsViews.inPast } };
export const InUse: Story = { args: { view: sittingsViews.inUse } };
export const NoQuestions: Story = { args: { view: sittingsViews.noQuestions } };
export const Failed: Story = { args: { view: sittingsViews.failed } };
export const English: Story = { args: { view: sittingsViews.creating, lang: 'en' } };
