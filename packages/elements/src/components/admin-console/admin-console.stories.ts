/**
 * Shell/exam-admin-console: the administrator's console an integrator serves at `/admin`. Attributes `api-base`,
 * `lang`, `time-zone`, the `ports` property, or a fixed `view`; the DOM event adminCommand; theming through `--exam-*`
 * and the parts container and heading. Its stages' states are the Admin/* stories.
 *
 * `OnFakeBackend` runs the real console (adminMachine) on core's fake administration backend in this page: log in as
 * `admin` with the one-time password `one-time-password`, then set a new one.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { AdminView } from '@examroom/core';
import { createFakeAdminPorts } from '@examroom/core/testing';
import { loginViews } from './login.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: AdminView };
const meta = {
  title: 'Shell/exam-admin-console',
  component: 'exam-admin-console',
  args: { view: loginViews.entering },
  argTypes: viewControls(loginViews),
  parameters: { layout: 'fullscreen' },
  render: (args, { globals }) => html`<exam-admin-console .view=${viewFromArgs(args)} lang=${globals['locale'] ?? 'zh-CN'}></exam-admin-console>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
/** The page an administrator opens first: 管理员登录. */
export const Default: Story = {};

/** The real console on the fake backend, its clock the page's: sittings must start after now. */
export const OnFakeBackend: StoryObj = {
  render: (_args, { globals }) => html`<exam-admin-console .ports=${createFakeAdminPorts({ now: () => Date.now() }).ports} lang=${globals['locale'] ?? 'zh-CN'}></exam-admin-console>`,
};
