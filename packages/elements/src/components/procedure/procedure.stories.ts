import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { procedureViews } from './procedure.fixtures';
import type { ProcedureView } from './procedure';

type Args = { view: ProcedureView };
const meta = {
  title: 'Stages/Procedure 阅读面试流程',
  component: 'exam-procedure',
  args: { view: procedureViews.reading },
  render: (args, { globals }) => html`<exam-procedure .view=${args.view} lang=${globals['locale'] ?? 'zh-CN'}></exam-procedure>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Reading: Story = { args: { view: procedureViews.reading } };
