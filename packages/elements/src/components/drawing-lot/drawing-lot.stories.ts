import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { DrawingLotView } from '@examroom/core';
import { drawingLotViews } from './drawing-lot.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: DrawingLotView };
const meta = {
  title: 'Stages/drawingLot 抽签',
  component: 'exam-drawing-lot',
  args: { view: drawingLotViews.notDrawn },
  argTypes: viewControls(drawingLotViews),
  render: (args, { globals }) => html`<exam-drawing-lot .view=${viewFromArgs(args)} lang=${globals['locale'] ?? 'zh-CN'}></exam-drawing-lot>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const NotDrawn: Story = { args: { view: drawingLotViews.notDrawn } };
export const Drawing: Story = { args: { view: drawingLotViews.drawing } };
export const Drawn: Story = { args: { view: drawingLotViews.drawn } };
export const Failed: Story = { args: { view: drawingLotViews.failed } };
