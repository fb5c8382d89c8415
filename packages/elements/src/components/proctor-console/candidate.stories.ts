/**
 * Console/candidate: one candidate's panel beside their conversation — extra time, ending the interview (with its
 * confirmation), letting a late candidate in, the interventions and the verdict with its history. Each story shows a
 * fixed view (the element's `view` property: nothing starts).
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { candidateViews } from './candidate.fixtures';
import { consoleStage, type ConsoleStoryArgs } from './console-story';

const meta = {
  title: 'Console/candidate 考生处理',
  ...consoleStage(candidateViews.recorded, candidateViews),
} satisfies Meta<ConsoleStoryArgs>;
export default meta;
type Story = StoryObj<ConsoleStoryArgs>;
export const Default: Story = {};
export const Loading: Story = { args: { view: candidateViews.loading } };
export const Shown: Story = { args: { view: candidateViews.shown } };
export const Recorded: Story = { args: { view: candidateViews.recorded } };
export const NotEntered: Story = { args: { view: candidateViews.notEntered } };
export const Confirming: Story = { args: { view: candidateViews.confirming } };
export const Acting: Story = { args: { view: candidateViews.acting } };
export const Refused: Story = { args: { view: candidateViews.refused } };
export const Failed: Story = { args: { view: candidateViews.failed } };
export const VirtualCamera: Story = { args: { view: candidateViews.virtualCamera } };
export const VirtualCameraWaived: Story = { args: { view: candidateViews.virtualCameraWaived } };
export const English: Story = { args: { view: candidateViews.recorded, lang: 'en' } };
