import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { LoginView } from '@examroom/core';
import { loginNow, loginViews } from './login.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: LoginView; now: number };
const meta = {
  title: 'Stages/login 人脸登录',
  component: 'exam-login',
  args: { view: loginViews.faceReady, now: loginNow },
  argTypes: viewControls(loginViews),
  render: (args, { globals }) => html`<exam-login .view=${viewFromArgs(args)} .now=${args.now} lang=${globals['locale'] ?? 'zh-CN'}></exam-login>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Loading: Story = { args: { view: loginViews.loading } };
export const LoadFailed: Story = { args: { view: loginViews.loadFailed } };
export const NotOpen: Story = { args: { view: loginViews.notOpen } };
export const FaceOpening: Story = { args: { view: loginViews.faceOpening } };
export const FaceReady: Story = { args: { view: loginViews.faceReady } };
export const FaceReadyBlinkNoDetector: Story = { args: { view: loginViews.faceReadyBlinkNoDetector } };
export const FaceReadyNoFace: Story = { args: { view: loginViews.faceReadyNoFace } };
export const FaceReadySeveralFaces: Story = { args: { view: loginViews.faceReadySeveralFaces } };
export const FaceRecording: Story = { args: { view: loginViews.faceRecording } };
export const FaceVerifying: Story = { args: { view: loginViews.faceVerifying } };
export const FaceFailed: Story = { args: { view: loginViews.faceFailed } };
export const FaceNotLive: Story = { args: { view: loginViews.faceNotLive } };
export const FaceSeveralFaces: Story = { args: { view: loginViews.faceSeveralFaces } };
export const FaceChallengeExpired: Story = { args: { view: loginViews.faceChallengeExpired } };
export const FaceStarting: Story = { args: { view: loginViews.faceStarting } };
export const FaceCameraFailed: Story = { args: { view: loginViews.faceCameraFailed } };
export const FaceUnavailable: Story = { args: { view: loginViews.faceUnavailable } };
export const Password: Story = { args: { view: loginViews.password } };
export const PasswordAfterFace: Story = { args: { view: loginViews.passwordAfterFace } };
export const PasswordOnly: Story = { args: { view: loginViews.passwordOnly } };
export const PasswordSubmitting: Story = { args: { view: loginViews.passwordSubmitting } };
export const PasswordRejected: Story = { args: { view: loginViews.passwordRejected } };
export const Refused: Story = { args: { view: loginViews.refused } };
