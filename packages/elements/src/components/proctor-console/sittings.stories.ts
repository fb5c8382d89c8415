/**
 * Console/sittings: the sittings the supervisor watches, the earliest first, to open one. Each story shows a fixed
 * view (the element's `view` property: nothing starts); the toolbar's locale applies, and the English story shows the
 * en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { sittingsViews } from './sittings.fixtures';
import { consoleStage, type ConsoleStoryArgs } from './console-story';

const meta = {
  title: 'Console/sittings 我的场次',
  ...consoleStage(sittingsViews.list, sittingsViews),
} satisfies Meta<ConsoleStoryArgs>;
export default meta;
type Story = StoryObj<ConsoleStoryArgs>;
export const Default: Story = {};
export const List: Story = { args: { view: sittingsViews.list } };
export const Loading: Story = { args: { view: sittingsViews.loading } };
export const Empty: Story = { args: { view: sittingsViews.empty } };
export const Failed: Story = { args: { view: sittingsViews.failed } };
export const English: Story = { args: { view: sittingsViews.list, lang: 'en' } };
