/**
 * Admin/results: one exam's sittings; for the one chosen, each candidate's result (attended, entered, finished how,
 * incidents, phone evidence, verdict, recordings) with 下载 CSV, 下载 Excel and each candidate's 下载档案. Each story shows
 * a fixed view; the toolbar's locale applies, and the English story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { resultsViews } from './results.fixtures';
import { adminStage, type AdminStoryArgs } from './admin-story';

const meta = {
  title: 'Admin/results 结果导出',
  ...adminStage(resultsViews.list, resultsViews),
} satisfies Meta<AdminStoryArgs>;
export default meta;
type Story = StoryObj<AdminStoryArgs>;
export const Default: Story = {};
export const Loading: Story = { args: { view: resultsViews.loading } };
export const ChooseSitting: Story = { args: { view: resultsViews.chooseSitting } };
export const List: Story = { args: { view: resultsViews.list } };
export const NoSittings: Story = { args: { view: resultsViews.noSittings } };
export const LoadingResults: Story = { args: { view: resultsViews.loadingResults } };
export const NoCandidates: Story = { args: { view: resultsViews.noCandidates } };
export const DownloadingXlsx: Story = { args: { view: resultsViews.downloadingXlsx } };
export const DownloadingArchive: Story = { args: { view: resultsViews.downloadingArchive } };
export const DownloadFailed: Story = { args: { view: resultsViews.downloadFailed } };
export const Failed: Story = { args: { view: resultsViews.failed } };
export const English: Story = { args: { view: resultsViews.list, lang: 'en' } };
