import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { answerNow, answerViews } from './answer.fixtures';
import type { AnswerView } from './answer';

type Args = { view: AnswerView };
const meta = {
  title: 'Stages/Answer 开始答题',
  component: 'exam-answer',
  args: { view: answerViews.shown },
  render: (args, { globals }) =>
    html`<exam-answer .view=${args.view} .now=${answerNow} lang=${globals['locale'] ?? 'zh-CN'}></exam-answer>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const LoadingQuestions: Story = { args: { view: answerViews.loadingQuestions } };
export const Shown: Story = { args: { view: answerViews.shown } };
export const QuestionsFailed: Story = { args: { view: answerViews.questionsFailed } };
export const Offline: Story = { args: { view: answerViews.offline } };
export const ScreenLost: Story = { args: { view: answerViews.screenLost } };
export const Resharing: Story = { args: { view: answerViews.resharing } };
export const ScreenNotMonitor: Story = { args: { view: answerViews.screenNotMonitor } };
export const CameraLost: Story = { args: { view: answerViews.cameraLost } };
export const ReopeningCamera: Story = { args: { view: answerViews.reopeningCamera } };
export const UnreadHelp: Story = { args: { view: answerViews.unreadHelp } };
export const HelpOpen: Story = { args: { view: answerViews.helpOpen } };
export const HelpSending: Story = { args: { view: answerViews.helpSending } };
export const HelpFailed: Story = { args: { view: answerViews.helpFailed } };
export const ConfirmingEnd: Story = { args: { view: answerViews.confirmingEnd } };
export const LastMinute: Story = { args: { view: answerViews.lastMinute } };
export const StorageLow: Story = { args: { view: answerViews.storageLow } };
