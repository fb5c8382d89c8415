/**
 * Phone/camera: the phone's camera stage in <exam-evidence-recorder> — the permission prompt, help when refused,
 * then the preview with the front or rear camera. Each story shows a fixed view (the element's `view` property:
 * nothing starts); the toolbar's locale applies, and the English story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { CameraView } from '@examroom/core';
import { cameraViews } from './camera.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: CameraView; lang?: string };
const meta = {
  title: 'Phone/camera 摄像头和麦克风',
  component: 'exam-evidence-recorder',
  args: { view: cameraViews.choosing },
  argTypes: viewControls(cameraViews),
  parameters: { layout: 'fullscreen' },
  render: (args, { globals }) => html`<exam-evidence-recorder .view=${viewFromArgs(args)} lang=${args.lang ?? globals['locale'] ?? 'zh-CN'}></exam-evidence-recorder>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Requesting: Story = { args: { view: cameraViews.requesting } };
export const Refused: Story = { args: { view: cameraViews.refused } };
export const NotFound: Story = { args: { view: cameraViews.notFound } };
export const Choosing: Story = { args: { view: cameraViews.choosing } };
export const ChoosingRear: Story = { args: { view: cameraViews.choosingRear } };
export const English: Story = { args: { view: cameraViews.choosing, lang: 'en' } };
