import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ReadingProcessView } from '@examroom/core';
import { readingProcessViews } from './reading-process.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: ReadingProcessView };
const meta = {
  title: 'Stages/readingProcess 阅读面试流程',
  component: 'exam-reading-process',
  args: { view: readingProcessViews.reading },
  argTypes: viewControls(readingProcessViews),
  render: (args, { globals }) => html`<exam-reading-process .view=${viewFromArgs(args)} lang=${globals['locale'] ?? 'zh-CN'}></exam-reading-process>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Reading: Story = { args: { view: readingProcessViews.reading } };
