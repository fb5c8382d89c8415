import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-video-preview.js';
import { mount, part, shadow, update } from '../../testing/mount.test-kit';

/** happy-dom's MediaStream has no tracks; the component only hands it to the video. */
const fakeStream = () => new MediaStream();

describe('exam-video-preview', () => {
  it('shows a placeholder text without a stream, in zh-CN and en', async () => {
    const el = await mount('exam-video-preview');
    expect(part(el, '[part="placeholder"]').textContent).toBe('暂无视频画面');
    expect(part<HTMLVideoElement>(el, 'video').hidden).toBe(true);
    el.setAttribute('lang', 'en');
    await update(el, {});
    expect(part(el, '[part="placeholder"]').textContent).toBe('No video');
  });

  it('plays the stream on a muted, inline, autoplaying, labelled video', async () => {
    const stream = fakeStream();
    const el = await mount('exam-video-preview', { stream });
    const video = part<HTMLVideoElement>(el, 'video');
    expect(video.srcObject).toBe(stream);
    expect(video.hidden).toBe(false);
    expect(video.muted).toBe(true);
    expect(video.autoplay).toBe(true);
    expect(video.getAttribute('aria-label')).toBe('摄像头画面');
    expect(shadow(el).querySelector('[part="placeholder"]')).toBeNull();
  });

  it('swaps and clears the stream when the prop changes', async () => {
    const el = await mount('exam-video-preview', { stream: fakeStream(), label: 'Live video' });
    const next = fakeStream();
    await update(el, { stream: next });
    const video = part<HTMLVideoElement>(el, 'video');
    expect(video.srcObject).toBe(next);
    expect(video.getAttribute('aria-label')).toBe('Live video');
    await update(el, { stream: null });
    expect(video.srcObject).toBeNull();
    expect(part(el, '[part="placeholder"]').textContent).toBe('暂无视频画面');
  });
});
