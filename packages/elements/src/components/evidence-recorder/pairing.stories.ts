/**
 * Phone/pairing: the phone's pairing stage in <exam-evidence-recorder> — the 8-character code typed (shown ABCD-
 * EFGH) or the PC's QR code read with the camera; a code from the link goes straight to submitting. Each story
 * shows a fixed view (the element's `view` property: nothing starts); the toolbar's locale applies, and the English
 * story shows the en words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { PairingView } from '@examroom/core';
import { pairingViews } from './pairing.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: PairingView; lang?: string };
const meta = {
  title: 'Phone/pairing 配对',
  component: 'exam-evidence-recorder',
  args: { view: pairingViews.entering },
  argTypes: viewControls(pairingViews),
  parameters: { layout: 'fullscreen' },
  render: (args, { globals }) => html`<exam-evidence-recorder .view=${viewFromArgs(args)} lang=${args.lang ?? globals['locale'] ?? 'zh-CN'}></exam-evidence-recorder>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Starting: Story = { args: { view: pairingViews.starting } };
export const Entering: Story = { args: { view: pairingViews.entering } };
export const Scanning: Story = { args: { view: pairingViews.scanning } };
export const ScanningOtherCode: Story = { args: { view: pairingViews.scanningOtherCode } };
export const Submitting: Story = { args: { view: pairingViews.submitting } };
export const Refused: Story = { args: { view: pairingViews.refused } };
export const Invalid: Story = { args: { view: pairingViews.invalid } };
export const ScannerRefused: Story = { args: { view: pairingViews.scannerRefused } };
export const English: Story = { args: { view: pairingViews.entering, lang: 'en' } };
