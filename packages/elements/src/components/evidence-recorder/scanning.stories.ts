/**
 * Phone/scanning: the phone's scanning stage in <exam-evidence-recorder> — the 360° turn of the room with the
 * candidate in shot, and its progress ring. Each story shows a fixed view (the element's `view` property: nothing
 * starts); the toolbar's locale applies, and the English story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ScanningView } from '@examroom/core';
import { scanningViews } from './scanning.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: ScanningView; lang?: string };
const meta = {
  title: 'Phone/scanning 环拍',
  component: 'exam-evidence-recorder',
  args: { view: scanningViews.turning },
  argTypes: viewControls(scanningViews),
  parameters: { layout: 'fullscreen' },
  render: (args, { globals }) => html`<exam-evidence-recorder .view=${viewFromArgs(args)} lang=${args.lang ?? globals['locale'] ?? 'zh-CN'}></exam-evidence-recorder>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Turning: Story = { args: { view: scanningViews.turning } };
export const TurningByDuration: Story = { args: { view: scanningViews.turningByDuration } };
export const Reporting: Story = { args: { view: scanningViews.reporting } };
export const ReportFailing: Story = { args: { view: scanningViews.reportFailing } };
export const English: Story = { args: { view: scanningViews.turning, lang: 'en' } };
