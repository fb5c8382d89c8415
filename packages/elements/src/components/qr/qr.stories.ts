import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { qrArgs } from './qr.fixtures';
import type { ExamQr } from './qr';

type Args = Pick<ExamQr, 'value' | 'size'>;
const meta = {
  title: 'Primitives/Qr 二维码',
  component: 'exam-qr',
  args: qrArgs.pairing,
  render: (args, { globals }) => html`<exam-qr .value=${args.value} .size=${args.size} lang=${globals['locale'] ?? 'zh-CN'}></exam-qr>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Pairing: Story = { args: qrArgs.pairing };
export const Large: Story = { args: qrArgs.large };
export const Empty: Story = { args: qrArgs.empty };
/** The 放大镜 (magnifier) opened: the enlarged code in a modal dialog. */
export const Magnified: Story = {
  args: qrArgs.pairing,
  play: async ({ canvasElement }) => {
    const button = () => canvasElement.querySelector('exam-qr')?.shadowRoot?.querySelector<HTMLButtonElement>('button[part="button"]');
    // The button is enabled once the code is drawn; wait for that rather than for a fixed time.
    for (let frames = 0; frames < 120 && (!button() || button()?.disabled); frames++) await new Promise((resolve) => requestAnimationFrame(resolve));
    button()?.click();
  },
};
