/**
 * Console/candidate: one candidate's panel beside their conversation — extra time, ending the interview (with its
 * confirmation), letting a late candidate in, the interventions and the verdict with its history. Each story shows a
 * fixed view (the element's `view` property: nothing starts).
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ProctorView } from '@examroom/core';
import { candidateViews } from './candidate.fixtures';

type Args = { view: ProctorView; lang?: string };
const meta = {
  title: 'Console/candidate 考生处理',
  component: 'exam-proctor-console',
  args: { view: candidateViews.recorded },
  parameters: { layout: 'fullscreen' },
  render: (args, { globals }) =>
    html`<exam-proctor-console .view=${args.view} time-zone="Asia/Shanghai" lang=${args.lang ?? globals['locale'] ?? 'zh-CN'}></exam-proctor-console>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Loading: Story = { args: { view: candidateViews.loading } };
export const Shown: Story = { args: { view: candidateViews.shown } };
export const Recorded: Story = { args: { view: candidateViews.recorded } };
export const NotEntered: Story = { args: { view: candidateViews.notEntered } };
export const Confirming: Story = { args: { view: candidateViews.confirming } };
export const Acting: Story = { args: { view: candidateViews.acting } };
export const Refused: Story = { args: { view: candidateViews.refused } };
export const Failed: Story = { args: { view: candidateViews.failed } };
export const English: Story = { args: { view: candidateViews.recorded, lang: 'en' } };
