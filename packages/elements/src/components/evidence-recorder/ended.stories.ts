/**
 * Phone/ended: the phone's ended stage in <exam-evidence-recorder> — the evidence uploaded, another phone took
 * over, or the session ended. Each story shows a fixed view (the element's `view` property: nothing starts); the
 * toolbar's locale applies, and the English story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { EndedView } from '@examroom/core';
import { endedViews } from './ended.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: EndedView; lang?: string };
const meta = {
  title: 'Phone/ended 结束',
  component: 'exam-evidence-recorder',
  args: { view: endedViews.done },
  argTypes: viewControls(endedViews),
  parameters: { layout: 'fullscreen' },
  render: (args, { globals }) => html`<exam-evidence-recorder .view=${viewFromArgs(args)} lang=${args.lang ?? globals['locale'] ?? 'zh-CN'}></exam-evidence-recorder>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Done: Story = { args: { view: endedViews.done } };
export const Replaced: Story = { args: { view: endedViews.replaced } };
export const Expired: Story = { args: { view: endedViews.expired } };
export const English: Story = { args: { view: endedViews.done, lang: 'en' } };
