import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { BarredView } from '@examroom/core';
import { barredViews } from './barred.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: BarredView };
const meta = {
  title: 'Stages/barred 无法进入面试',
  component: 'exam-barred',
  args: { view: barredViews.lateEntryClosed },
  argTypes: viewControls(barredViews),
  render: (args, { globals }) => html`<exam-barred .view=${viewFromArgs(args)} lang=${globals['locale'] ?? 'zh-CN'}></exam-barred>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const LateEntryClosed: Story = { args: { view: barredViews.lateEntryClosed } };
export const LoginClosed: Story = { args: { view: barredViews.loginClosed } };
export const SessionRevoked: Story = { args: { view: barredViews.sessionRevoked } };
export const SessionExpired: Story = { args: { view: barredViews.sessionExpired } };
export const ExamOver: Story = { args: { view: barredViews.examOver } };
export const OtherWindowOpen: Story = { args: { view: barredViews.otherWindowOpen } };
export const OtherWindowClosed: Story = { args: { view: barredViews.otherWindowClosed } };
export const Claiming: Story = { args: { view: barredViews.claiming } };
