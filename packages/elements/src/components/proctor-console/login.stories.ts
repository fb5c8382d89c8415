/**
 * Console/login: the supervisor's login, username and password; INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS and an ended
 * session under the form. Each story shows a fixed view (the element's `view` property: nothing starts); the
 * toolbar's locale applies, and the English story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ProctorView } from '@examroom/core';
import { loginViews } from './login.fixtures';

type Args = { view: ProctorView; lang?: string };
const meta = {
  title: 'Console/login 监督员登录',
  component: 'exam-proctor-console',
  args: { view: loginViews.entering },
  parameters: { layout: 'fullscreen' },
  render: (args, { globals }) =>
    html`<exam-proctor-console .view=${args.view} time-zone="Asia/Shanghai" lang=${args.lang ?? globals['locale'] ?? 'zh-CN'}></exam-proctor-console>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Entering: Story = { args: { view: loginViews.entering } };
export const Starting: Story = { args: { view: loginViews.starting } };
export const Submitting: Story = { args: { view: loginViews.submitting } };
export const InvalidCredentials: Story = { args: { view: loginViews.invalidCredentials } };
export const TooManyAttempts: Story = { args: { view: loginViews.tooManyAttempts } };
export const SessionEnded: Story = { args: { view: loginViews.sessionEnded } };
export const English: Story = { args: { view: loginViews.entering, lang: 'en' } };
