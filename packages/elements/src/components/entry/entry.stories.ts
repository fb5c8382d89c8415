import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { entryNow, entryViews } from './entry.fixtures';
import type { EntryView } from './entry';

type Args = { view: EntryView; now: number };
const meta = {
  title: 'Stages/Entry 进入考试',
  component: 'exam-entry',
  args: { view: entryViews.notYetOpen, now: entryNow },
  render: (args, { globals }) => html`<exam-entry .view=${args.view} .now=${args.now} lang=${globals['locale'] ?? 'zh-CN'}></exam-entry>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const NotYetOpen: Story = { args: { view: entryViews.notYetOpen } };
export const Refreshing: Story = { args: { view: entryViews.refreshing } };
export const Ready: Story = { args: { view: entryViews.ready } };
export const NotDrawn: Story = { args: { view: entryViews.notDrawn } };
export const CheckingDisplay: Story = { args: { view: entryViews.checkingDisplay } };
export const SharingScreen: Story = { args: { view: entryViews.sharingScreen } };
export const Entering: Story = { args: { view: entryViews.entering } };
export const ExternalDisplay: Story = { args: { view: entryViews.externalDisplay } };
export const ShareDenied: Story = { args: { view: entryViews.shareDenied } };
export const NotWholeScreen: Story = { args: { view: entryViews.notWholeScreen } };
export const Reentry: Story = { args: { view: entryViews.reentry } };
