/**
 * Admin/login: the administrator's login, then 设置新密码 after a one-time password (too short, two that differ, the
 * one-time password wrong). Each story shows a fixed view; the toolbar's locale applies, and the English stories
 * show the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { loginViews } from './login.fixtures';
import { adminStage, type AdminStoryArgs } from './admin-story';

const meta = {
  title: 'Admin/login 管理员登录',
  ...adminStage(loginViews.entering, loginViews),
} satisfies Meta<AdminStoryArgs>;
export default meta;
type Story = StoryObj<AdminStoryArgs>;
export const Default: Story = {};
export const Starting: Story = { args: { view: loginViews.starting } };
export const Entering: Story = { args: { view: loginViews.entering } };
export const Submitting: Story = { args: { view: loginViews.submitting } };
export const InvalidCredentials: Story = { args: { view: loginViews.invalidCredentials } };
export const TooManyAttempts: Story = { args: { view: loginViews.tooManyAttempts } };
export const SessionEnded: Story = { args: { view: loginViews.sessionEnded } };
export const PasswordRequired: Story = { args: { view: loginViews.passwordRequired } };
export const PasswordTooShort: Story = { args: { view: loginViews.passwordTooShort } };
export const PasswordMismatch: Story = { args: { view: loginViews.passwordMismatch } };
export const WrongPassword: Story = { args: { view: loginViews.wrongPassword } };
export const ChangingPassword: Story = { args: { view: loginViews.changingPassword } };
export const English: Story = { args: { view: loginViews.passwordRequired, lang: 'en' } };
