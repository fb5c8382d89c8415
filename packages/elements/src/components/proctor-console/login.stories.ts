/**
 * Console/login: the supervisor's login, username and password; INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS and an ended
 * session under the form. Each story shows a fixed view (the element's `view` property: nothing starts); the
 * toolbar's locale applies, and the English story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { loginViews } from './login.fixtures';
import { consoleStage, type ConsoleStoryArgs } from './console-story';

const meta = {
  title: 'Console/login 监督员登录',
  ...consoleStage(loginViews.entering, loginViews),
} satisfies Meta<ConsoleStoryArgs>;
export default meta;
type Story = StoryObj<ConsoleStoryArgs>;
export const Default: Story = {};
export const Entering: Story = { args: { view: loginViews.entering } };
export const Starting: Story = { args: { view: loginViews.starting } };
export const Submitting: Story = { args: { view: loginViews.submitting } };
export const InvalidCredentials: Story = { args: { view: loginViews.invalidCredentials } };
export const TooManyAttempts: Story = { args: { view: loginViews.tooManyAttempts } };
export const SessionEnded: Story = { args: { view: loginViews.sessionEnded } };
export const English: Story = { args: { view: loginViews.entering, lang: 'en' } };
