import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { volumeMeterArgs } from './volume-meter.fixtures';
import type { ExamVolumeMeter } from './volume-meter';

type Args = Pick<ExamVolumeMeter, 'level'>;
const meta = {
  title: 'Primitives/VolumeMeter 音量条',
  component: 'exam-volume-meter',
  args: volumeMeterArgs.speaking,
  argTypes: { level: { control: { type: 'range', min: 0, max: 1, step: 0.01 } } },
  render: (args, { globals }) => html`<exam-volume-meter .level=${args.level} lang=${globals['locale'] ?? 'zh-CN'}></exam-volume-meter>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Silent: Story = { args: volumeMeterArgs.silent };
export const Speaking: Story = { args: volumeMeterArgs.speaking };
export const Loud: Story = { args: volumeMeterArgs.loud };
