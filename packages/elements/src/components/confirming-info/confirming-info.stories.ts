import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ConfirmingInfoView } from '@examroom/core';
import { confirmingInfoViews } from './confirming-info.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: ConfirmingInfoView };
const meta = {
  title: 'Stages/confirmingInfo 信息确认',
  component: 'exam-confirming-info',
  args: { view: confirmingInfoViews.ready },
  argTypes: viewControls(confirmingInfoViews),
  render: (args, { globals }) => html`<exam-confirming-info .view=${viewFromArgs(args)} lang=${globals['locale'] ?? 'zh-CN'}></exam-confirming-info>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Ready: Story = { args: { view: confirmingInfoViews.ready } };
export const Loading: Story = { args: { view: confirmingInfoViews.loading } };
export const Failed: Story = { args: { view: confirmingInfoViews.failed } };
