/**
 * Console/sittings: the sittings the supervisor watches, the earliest first, to open one. Each story shows a fixed
 * view (the element's `view` property: nothing starts); the toolbar's locale applies, and the English story shows the
 * en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ProctorView } from '@examroom/core';
import { sittingsViews } from './sittings.fixtures';

type Args = { view: ProctorView; lang?: string };
const meta = {
  title: 'Console/sittings 我的场次',
  component: 'exam-proctor-console',
  args: { view: sittingsViews.list },
  parameters: { layout: 'fullscreen' },
  render: (args, { globals }) =>
    html`<exam-proctor-console .view=${args.view} time-zone="Asia/Shanghai" lang=${args.lang ?? globals['locale'] ?? 'zh-CN'}></exam-proctor-console>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const List: Story = { args: { view: sittingsViews.list } };
export const Loading: Story = { args: { view: sittingsViews.loading } };
export const Empty: Story = { args: { view: sittingsViews.empty } };
export const Failed: Story = { args: { view: sittingsViews.failed } };
export const English: Story = { args: { view: sittingsViews.list, lang: 'en' } };
