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
export const FaceVerifying: Story = { args: { view: loginViews.faceVerifying } };
export const FaceFailed: Story = { args: { view: loginViews.faceFailed } };
export const FaceUnavailable: Story = { args: { view: loginViews.faceUnavailable } };
export const Password: Story = { args: { view: loginViews.password } };
export const PasswordSubmitting: Story = { args: { view: loginViews.passwordSubmitting } };
export const PasswordRejected: Story = { args: { view: loginViews.passwordRejected } };
export const Refused: Story = { args: { view: loginViews.refused } };
