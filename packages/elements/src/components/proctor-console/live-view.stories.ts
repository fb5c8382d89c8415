/**
 * Console/liveView: 实时画面 of one candidate beside their panel — connecting, connected (camera and screen, with the
 * phone), reconnecting, offline, refused. Each story shows a fixed view; the connected ones get moving pictures from
 * a canvas (the element's `liveStreams` property), as the machine would hand it the peers' streams.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { LiveViewSource, ProctorView } from '@examroom/core';
import { liveViewViews } from './live-view.fixtures';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

/** A moving test picture: a canvas's captureStream with its label and a clock drawn on it. */
function testPicture(label: string, hue: number): MediaStream | undefined {
  if (typeof document === 'undefined') return undefined;
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 180;
  const context = canvas.getContext('2d');
  if (!context || typeof canvas.captureStream !== 'function') return undefined;
  const draw = () => {
    context.fillStyle = `hsl(${hue} 40% 30%)`;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = '#fff';
    context.font = '20px sans-serif';
    context.fillText(`${label} ${new Date().toLocaleTimeString()}`, 16, 96);
    requestAnimationFrame(draw);
  };
  draw();
  return canvas.captureStream(10);
}

const streamsFor = (view: ProctorView): Partial<Record<LiveViewSource, MediaStream>> => {
  const sources = view.stage === 'sitting' ? (view.liveView?.sources ?? []) : [];
  return Object.fromEntries(sources.map((source, i) => [source, testPicture(source, 200 + 60 * i)]).filter(([, stream]) => stream !== undefined));
};

type Args = { view: ProctorView; lang?: string };
const meta = {
  title: 'Console/liveView 实时画面',
  component: 'exam-proctor-console',
  args: { view: liveViewViews.connected },
  argTypes: viewControls(liveViewViews),
  parameters: { layout: 'fullscreen' },
  render: (args, { globals }) =>
    html`<exam-proctor-console .view=${viewFromArgs(args)} .liveStreams=${streamsFor(args.view)} time-zone="Asia/Shanghai" lang=${args.lang ?? globals['locale'] ?? 'zh-CN'}></exam-proctor-console>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const Closed: Story = { args: { view: liveViewViews.closed } };
export const Connecting: Story = { args: { view: liveViewViews.connecting } };
export const Connected: Story = { args: { view: liveViewViews.connected } };
export const WithPhone: Story = { args: { view: liveViewViews.withPhone } };
export const Reconnecting: Story = { args: { view: liveViewViews.reconnecting } };
export const Offline: Story = { args: { view: liveViewViews.offline } };
export const Exhausted: Story = { args: { view: liveViewViews.exhausted } };
export const Forbidden: Story = { args: { view: liveViewViews.forbidden } };
export const English: Story = { args: { view: liveViewViews.connected, lang: 'en' } };
