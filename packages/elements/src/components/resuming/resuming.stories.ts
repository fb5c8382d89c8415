import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ResumingView } from '@examroom/core';
import { resumingNow, resumingViews } from './resuming.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: ResumingView; now: number };
const meta = {
  title: 'Stages/resuming 继续面试',
  component: 'exam-resuming',
  args: { view: resumingViews.ready, now: resumingNow },
  argTypes: viewControls(resumingViews),
  render: (args, { globals }) => html`<exam-resuming .view=${viewFromArgs(args)} .now=${args.now} lang=${globals['locale'] ?? 'zh-CN'}></exam-resuming>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const OpeningCamera: Story = { args: { view: resumingViews.openingCamera } };
export const CameraFailed: Story = { args: { view: resumingViews.cameraFailed } };
export const Ready: Story = { args: { view: resumingViews.ready } };
export const SharingScreen: Story = { args: { view: resumingViews.sharingScreen } };
export const NotWholeScreen: Story = { args: { view: resumingViews.notWholeScreen } };
export const ShareDenied: Story = { args: { view: resumingViews.shareDenied } };
export const ToConfirmingInfo: Story = { args: { view: resumingViews.toConfirmingInfo } };
export const ToCountdown: Story = { args: { view: resumingViews.toCountdown } };
