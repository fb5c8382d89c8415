/**
 * Admin/roster: one exam's candidates with a search; a roster file checked at once (every bad row with its line),
 * imported only without problems, the initial passwords file offered once; a zip of photos reported file by file.
 * Each story shows a fixed view; the toolbar's locale applies, and the English story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { rosterViews } from './roster.fixtures';
import { adminStage, type AdminStoryArgs } from './admin-story';

const meta = {
  title: 'Admin/roster 考生名单',
  ...adminStage(rosterViews.list, rosterViews),
} satisfies Meta<AdminStoryArgs>;
export default meta;
type Story = StoryObj<AdminStoryArgs>;
export const Default: Story = {};
export const Loading: Story = { args: { view: rosterViews.loading } };
export const List: Story = { args: { view: rosterViews.list } };
export const Empty: Story = { args: { view: rosterViews.empty } };
export const Searched: Story = { args: { view: rosterViews.searched } };
export const Previewing: Story = { args: { view: rosterViews.previewing } };
export const Problems: Story = { args: { view: rosterViews.problems } };
export const ReadyToImport: Story = { args: { view: rosterViews.readyToImport } };
export const Importing: Story = { args: { view: rosterViews.importing } };
export const Imported: Story = { args: { view: rosterViews.imported } };
export const UploadingPhotos: Story = { args: { view: rosterViews.uploadingPhotos } };
export const Photos: Story = { args: { view: rosterViews.photos } };
export const NotARoster: Story = { args: { view: rosterViews.notARoster } };
export const Failed: Story = { args: { view: rosterViews.failed } };
export const English: Story = { args: { view: rosterViews.problems, lang: 'en' } };
