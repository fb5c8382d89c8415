import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ReadingPledgeView } from '@examroom/core';
import { readingPledgeViews } from './reading-pledge.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: ReadingPledgeView };
const meta = {
  title: 'Stages/readingPledge 考试承诺书和考试须知',
  component: 'exam-reading-pledge',
  args: { view: readingPledgeViews.unread },
  argTypes: viewControls(readingPledgeViews),
  render: (args, { globals }) => html`<exam-reading-pledge .view=${viewFromArgs(args)} lang=${globals['locale'] ?? 'zh-CN'}></exam-reading-pledge>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Unread: Story = { args: { view: readingPledgeViews.unread } };
export const PledgeAccepted: Story = { args: { view: readingPledgeViews.pledgeAccepted } };
export const BothAccepted: Story = { args: { view: readingPledgeViews.bothAccepted } };
export const Failed: Story = { args: { view: readingPledgeViews.failed } };
