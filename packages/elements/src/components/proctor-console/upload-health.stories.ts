/**
 * Console/uploadHealth: 上传状况 — bytes recorded vs acknowledged over time (a uPlot chart, loaded only on this view)
 * with its text summary: the sitting's totals and the candidates whose upload trails, one candidate keeping up and
 * one trailing, nothing yet, loading and failures. Each story shows a fixed view (the element's `view` property).
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { uploadHealthViews } from './upload-health.fixtures';
import { consoleStage, type ConsoleStoryArgs } from './console-story';

const meta = {
  title: 'Console/uploadHealth 上传状况',
  ...consoleStage(uploadHealthViews.sitting, uploadHealthViews),
} satisfies Meta<ConsoleStoryArgs>;
export default meta;
type Story = StoryObj<ConsoleStoryArgs>;
export const Default: Story = {};
export const Sitting: Story = { args: { view: uploadHealthViews.sitting } };
export const Candidate: Story = { args: { view: uploadHealthViews.candidate } };
export const CandidateTrailing: Story = { args: { view: uploadHealthViews.candidateTrailing } };
export const Empty: Story = { args: { view: uploadHealthViews.empty } };
export const Loading: Story = { args: { view: uploadHealthViews.loading } };
export const Failed: Story = { args: { view: uploadHealthViews.failed } };
export const RefreshFailed: Story = { args: { view: uploadHealthViews.refreshFailed } };
export const English: Story = { args: { view: uploadHealthViews.sitting, lang: 'en' } };
