import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { AnsweringView } from '@examroom/core';
import { answeringNow, answeringViews } from './answering.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: AnsweringView };
const meta = {
  title: 'Stages/answering 开始答题',
  component: 'exam-answering',
  args: { view: answeringViews.shown },
  argTypes: viewControls(answeringViews),
  render: (args, { globals }) =>
    html`<exam-answering .view=${viewFromArgs(args)} .now=${answeringNow} lang=${globals['locale'] ?? 'zh-CN'}></exam-answering>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const LoadingQuestions: Story = { args: { view: answeringViews.loadingQuestions } };
export const Shown: Story = { args: { view: answeringViews.shown } };
export const QuestionsFailed: Story = { args: { view: answeringViews.questionsFailed } };
export const Offline: Story = { args: { view: answeringViews.offline } };
export const ScreenLost: Story = { args: { view: answeringViews.screenLost } };
export const Resharing: Story = { args: { view: answeringViews.resharing } };
export const ScreenNotMonitor: Story = { args: { view: answeringViews.screenNotMonitor } };
export const CameraLost: Story = { args: { view: answeringViews.cameraLost } };
export const ReopeningCamera: Story = { args: { view: answeringViews.reopeningCamera } };
export const UnreadHelp: Story = { args: { view: answeringViews.unreadHelp } };
export const HelpOpen: Story = { args: { view: answeringViews.helpOpen } };
export const HelpSending: Story = { args: { view: answeringViews.helpSending } };
export const HelpFailed: Story = { args: { view: answeringViews.helpFailed } };
export const ConfirmingEnd: Story = { args: { view: answeringViews.confirmingEnd } };
export const LastMinute: Story = { args: { view: answeringViews.lastMinute } };
export const StorageLow: Story = { args: { view: answeringViews.storageLow } };
export const PhoneReplaced: Story = { args: { view: answeringViews.phoneReplaced } };
export const PhoneSilent: Story = { args: { view: answeringViews.phoneSilent } };
export const PhoneStopped: Story = { args: { view: answeringViews.phoneStopped } };
export const RebindingCreating: Story = { args: { view: answeringViews.rebindingCreating } };
export const RebindingShown: Story = { args: { view: answeringViews.rebindingShown } };
export const RebindingFailed: Story = { args: { view: answeringViews.rebindingFailed } };
