/**
 * Console/review: one candidate's recordings side by side on one timeline of the interview, with its markers and the
 * verdict. Each story shows a fixed view (the element's `view` property: nothing starts); the recordings' links point
 * nowhere, so the videos say 录像不可用, as they do on MSW (which keeps no files).
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { reviewViews } from './review.fixtures';
import { consoleStage, type ConsoleStoryArgs } from './console-story';

const meta = {
  title: 'Console/review 回放',
  ...consoleStage(reviewViews.shown, reviewViews),
} satisfies Meta<ConsoleStoryArgs>;
export default meta;
type Story = StoryObj<ConsoleStoryArgs>;
export const Default: Story = {};
export const Loading: Story = { args: { view: reviewViews.loading } };
export const Shown: Story = { args: { view: reviewViews.shown } };
export const InGap: Story = { args: { view: reviewViews.inGap } };
export const NoRecordings: Story = { args: { view: reviewViews.noRecordings } };
export const Failed: Story = { args: { view: reviewViews.failed } };
export const English: Story = { args: { view: reviewViews.shown, lang: 'en' } };
