/**
 * Shell/exam-evidence-recorder: the phone's evidence recorder an integrator serves at `/phone`. Attributes `api-base`,
 * `lang`, `pairing-code` (or `#code=` in the address), the `ports` property, or a fixed `view`; DOM events
 * evidenceCommand and evidenceEnd; theming through `--exam-*` and the parts container, heading, preview, status,
 * actions and reopen. Its stages' states are the Phone/* stories.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { EvidenceView } from '@examroom/core';
import { pairingViews } from './pairing.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: EvidenceView };
const meta = {
  title: 'Shell/exam-evidence-recorder',
  component: 'exam-evidence-recorder',
  args: { view: pairingViews.entering },
  argTypes: viewControls(pairingViews),
  parameters: { layout: 'fullscreen' },
  render: (args, { globals }) => html`<exam-evidence-recorder .view=${viewFromArgs(args)} lang=${globals['locale'] ?? 'zh-CN'}></exam-evidence-recorder>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
/** The page a phone opens without a code in its link: type the code shown under the PC's QR code, or scan it. */
export const Default: Story = {};
