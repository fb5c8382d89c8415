/**
 * Shell/exam-room: the element an integrator embeds. Attributes `api-base`, `exam-id`, `lang` (or the `adapters`
 * property); DOM events examStageChange, examFinish, examUploadComplete; theming through `--exam-*` and the parts
 * container, stepper and content. Its running states are the stages' own stories; Flows/Full exam runs it for real.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';

type Args = { examId: string };
const meta = {
  title: 'Shell/exam-room',
  component: 'exam-room',
  args: { examId: '' },
  render: (args, { globals }) => html`<exam-room exam-id=${args.examId} lang=${globals['locale'] ?? 'zh-CN'}></exam-room>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
/** Without an exam id the room cannot start, and says so in an alert (the stepper stays hidden). */
export const Default: Story = {};
