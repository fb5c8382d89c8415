import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { videoPreviewArgs } from './video-preview.fixtures';
import type { ExamVideoPreview } from './video-preview';

type Args = Pick<ExamVideoPreview, 'stream'>;
const meta = {
  title: 'Primitives/VideoPreview 摄像头画面',
  component: 'exam-video-preview',
  args: videoPreviewArgs.noStream,
  argTypes: { stream: { control: false } },
  render: (args, { globals }) =>
    html`<exam-video-preview .stream=${args.stream} lang=${globals['locale'] ?? 'zh-CN'} style="max-inline-size: 24rem"></exam-video-preview>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
export const Default: Story = {};
export const NoStream: Story = { args: videoPreviewArgs.noStream };

/**
 * A live stream without a camera or a permission prompt: a canvas painted with a test card, captured as a
 * MediaStream (what getUserMedia would hand the shell).
 */
export const LiveStream: Story = {
  loaders: [async () => ({ stream: testCardStream() })],
  render: (_args, { globals, loaded }) =>
    html`<exam-video-preview .stream=${loaded['stream'] as MediaStream} lang=${globals['locale'] ?? 'zh-CN'} style="max-inline-size: 24rem"></exam-video-preview>`,
};

function testCardStream(): MediaStream {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 480;
  const context = canvas.getContext('2d');
  if (context) {
    const colours = ['#c0c0c0', '#c0c000', '#00c0c0', '#00c000', '#c000c0', '#c00000', '#0000c0'];
    colours.forEach((colour, i) => {
      context.fillStyle = colour;
      context.fillRect((i * canvas.width) / colours.length, 0, canvas.width / colours.length + 1, canvas.height);
    });
    context.fillStyle = 'rgba(0, 0, 0, 0.6)';
    context.fillRect(0, canvas.height / 2 - 40, canvas.width, 80);
    context.fillStyle = '#ffffff';
    context.font = '32px system-ui, sans-serif';
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillText('examroom · 测试画面 test card', canvas.width / 2, canvas.height / 2);
  }
  // Frame rate 0: one frame now (requestFrame), none later; the picture does not change.
  const stream = canvas.captureStream(0);
  const [track] = stream.getVideoTracks() as (MediaStreamTrack & { requestFrame?: () => void })[];
  track?.requestFrame?.();
  return stream;
}
