import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { AwaitingEntryView } from '@examroom/core';
import { awaitingEntryNow, awaitingEntryViews } from './awaiting-entry.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: AwaitingEntryView; now: number };
const meta = {
  title: 'Stages/awaitingEntry 进入考试',
  component: 'exam-awaiting-entry',
  args: { view: awaitingEntryViews.notYetOpen, now: awaitingEntryNow },
  argTypes: viewControls(awaitingEntryViews),
  render: (args, { globals }) => html`<exam-awaiting-entry .view=${viewFromArgs(args)} .now=${args.now} lang=${globals['locale'] ?? 'zh-CN'}></exam-awaiting-entry>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const NotYetOpen: Story = { args: { view: awaitingEntryViews.notYetOpen } };
export const Refreshing: Story = { args: { view: awaitingEntryViews.refreshing } };
export const Ready: Story = { args: { view: awaitingEntryViews.ready } };
export const NotDrawn: Story = { args: { view: awaitingEntryViews.notDrawn } };
export const CheckingDisplay: Story = { args: { view: awaitingEntryViews.checkingDisplay } };
export const SharingScreen: Story = { args: { view: awaitingEntryViews.sharingScreen } };
export const Entering: Story = { args: { view: awaitingEntryViews.entering } };
export const ExternalDisplay: Story = { args: { view: awaitingEntryViews.externalDisplay } };
export const ShareDenied: Story = { args: { view: awaitingEntryViews.shareDenied } };
export const NotWholeScreen: Story = { args: { view: awaitingEntryViews.notWholeScreen } };
