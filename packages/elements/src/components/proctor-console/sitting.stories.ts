/**
 * Console/sitting: a sitting's live grid of 30 candidates: stage, online, phone evidence and its due time, lot,
 * incidents and unread 求助, with the filters and the counts per stage. Each story shows a fixed view (the element's
 * `view` property: nothing starts); the toolbar's locale applies, and the English story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { sittingViews } from './sitting.fixtures';
import { consoleStage, type ConsoleStoryArgs } from './console-story';

const meta = {
  title: 'Console/sitting 考生列表',
  ...consoleStage(sittingViews.grid, sittingViews),
} satisfies Meta<ConsoleStoryArgs>;
export default meta;
type Story = StoryObj<ConsoleStoryArgs>;
export const Default: Story = {};
export const Grid: Story = { args: { view: sittingViews.grid } };
export const Loading: Story = { args: { view: sittingViews.loading } };
export const ByStage: Story = { args: { view: sittingViews.byStage } };
export const NeedsHelp: Story = { args: { view: sittingViews.needsHelp } };
export const Offline: Story = { args: { view: sittingViews.offline } };
export const Incidents: Story = { args: { view: sittingViews.incidents } };
export const EvidenceLate: Story = { args: { view: sittingViews.evidenceLate } };
export const NoneMatch: Story = { args: { view: sittingViews.noneMatch } };
export const Failed: Story = { args: { view: sittingViews.failed } };
export const English: Story = { args: { view: sittingViews.grid, lang: 'en' } };
