import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaCapture } from '@examroom/core';
import { openBrowserAdaptersPage } from '../../test-browser/browser-adapters-page.js';
import type { BrowserPage } from '../../test-browser/harness.js';

let browser: BrowserPage;

beforeAll(async () => {
  browser = await openBrowserAdaptersPage();
});

afterAll(async () => {
  await browser?.close();
});

describe('createBrowserMediaDevices (real Chromium, fake camera and microphone)', () => {
  it('lists cameras and microphones with labels, each device once', async () => {
    const list = await browser.page.evaluate(() => window.examroomBrowser.createBrowserMediaDevices().list());
    expect(list.cameras.length).toBeGreaterThan(0);
    expect(list.microphones.length).toBeGreaterThan(0);
    for (const device of [...list.cameras, ...list.microphones]) expect(device.label).not.toBe('');
    expect(new Set(list.microphones.map((device) => device.id)).size).toBe(list.microphones.length);
    expect(list.cameras.every((device) => device.kind === 'camera')).toBe(true);
    expect(list.microphones.every((device) => device.kind === 'microphone')).toBe(true);
  });

  it("drops a 'default'/'communications' entry that repeats another device, keeps one that is a device of its own", async () => {
    const ids = await browser.page.evaluate(async () => {
      const real = navigator.mediaDevices.enumerateDevices;
      const device = (kind: MediaDeviceKind, deviceId: string, groupId: string) => ({ kind, deviceId, groupId, label: `${kind} ${deviceId}` });
      navigator.mediaDevices.enumerateDevices = async () =>
        [
          device('audioinput', 'default', 'headset'),
          device('audioinput', 'communications', 'headset'),
          device('audioinput', 'mic-headset', 'headset'),
          device('audioinput', 'mic-usb', 'usb'),
          device('videoinput', 'default', 'virtual'),
          device('videoinput', 'cam-1', 'built-in'),
        ] as MediaDeviceInfo[];
      try {
        const list = await window.examroomBrowser.createBrowserMediaDevices().list();
        return { cameras: list.cameras.map((d) => d.id), microphones: list.microphones.map((d) => d.id) };
      } finally {
        navigator.mediaDevices.enumerateDevices = real;
      }
    });
    expect(ids).toEqual({ cameras: ['default', 'cam-1'], microphones: ['mic-headset', 'mic-usb'] });
  });

  it('opens the chosen camera and microphone and reports the device ids the tracks actually use', async () => {
    const result = await browser.page.evaluate(async () => {
      const media = window.examroomBrowser.createBrowserMediaDevices();
      const { cameras, microphones } = await media.list();
      const camera = cameras[cameras.length - 1];
      const microphone = microphones[microphones.length - 1];
      if (!camera || !microphone) throw new Error('no devices');
      const capture = await media.open({ cameraId: camera.id, microphoneId: microphone.id });
      const video = capture.stream.getVideoTracks()[0]?.getSettings();
      const audio = capture.stream.getAudioTracks()[0]?.getSettings();
      capture.stop();
      return {
        requested: { camera: camera.id, microphone: microphone.id },
        reported: { camera: capture.cameraId, microphone: capture.microphoneId },
        settings: { camera: video?.deviceId, microphone: audio?.deviceId, width: video?.width, height: video?.height },
      };
    });
    expect(result.reported).toEqual(result.requested);
    expect(result.settings.camera).toBe(result.requested.camera);
    expect(result.settings.microphone).toBe(result.requested.microphone);
    expect([result.settings.width, result.settings.height]).toEqual([640, 480]);
  });

  it('opens the default devices when no ids are given and reports their real ids', async () => {
    const result = await browser.page.evaluate(async () => {
      const media = window.examroomBrowser.createBrowserMediaDevices();
      const capture = await media.open({});
      const ids = { camera: capture.cameraId, microphone: capture.microphoneId };
      const list = await media.list();
      capture.stop();
      return { ids, cameras: list.cameras.map((d) => d.id), microphones: list.microphones.map((d) => d.id) };
    });
    expect(result.cameras).toContain(result.ids.camera);
    expect(result.microphones).toContain(result.ids.microphone);
  });

  it('captures a JPEG still of the camera', async () => {
    const frame = await browser.page.evaluate(async () => {
      const media = window.examroomBrowser.createBrowserMediaDevices();
      const capture = await media.open({});
      try {
        const blob = await media.captureFrame(capture);
        const head = [...new Uint8Array(await blob.slice(0, 3).arrayBuffer())];
        const bitmap = await createImageBitmap(blob);
        return { type: blob.type, size: blob.size, head, width: bitmap.width, height: bitmap.height };
      } finally {
        capture.stop();
      }
    });
    expect(frame.type).toBe('image/jpeg');
    expect(frame.size).toBeGreaterThan(1024);
    expect(frame.head).toEqual([0xff, 0xd8, 0xff]);
    expect([frame.width, frame.height]).toEqual([640, 480]);
  });

  it('rejects an unknown camera with CAMERA_NOT_FOUND and an unknown microphone with MICROPHONE_NOT_FOUND', async () => {
    const codes = await browser.page.evaluate(async () => {
      const media = window.examroomBrowser.createBrowserMediaDevices();
      const codeOf = (promise: Promise<MediaCapture>) =>
        promise.then(
          (capture) => (capture.stop(), 'opened'),
          (error: unknown) => (error as { code?: string }).code ?? String(error),
        );
      return {
        camera: await codeOf(media.open({ cameraId: 'no-such-camera' })),
        microphone: await codeOf(media.open({ microphoneId: 'no-such-microphone' })),
      };
    });
    expect(codes).toEqual({ camera: 'CAMERA_NOT_FOUND', microphone: 'MICROPHONE_NOT_FOUND' });
  });

  it('reports a track that ends by itself as ended, once per device, and completes on stop', async () => {
    const result = await browser.page.evaluate(async () => {
      const capture = await window.examroomBrowser.createBrowserMediaDevices().open({});
      const ended: string[] = [];
      let completed = false;
      capture.ended.subscribe({ next: (device) => ended.push(device), complete: () => (completed = true) });
      // What the browser does when a camera is unplugged: the track ends and fires 'ended'.
      const camera = capture.stream.getVideoTracks()[0];
      camera?.stop();
      camera?.dispatchEvent(new Event('ended'));
      const beforeStop = [...ended];
      capture.stop();
      return { beforeStop, after: ended, completed };
    });
    expect(result.beforeStop).toEqual(['camera']);
    expect(result.after).toEqual(['camera']);
    expect(result.completed).toBe(true);
  });

  it('emits changes on devicechange until unsubscribed', async () => {
    const counts = await browser.page.evaluate(() => {
      let count = 0;
      const subscription = window.examroomBrowser
        .createBrowserMediaDevices()
        .changes()
        .subscribe({ next: () => count++ });
      navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
      const subscribed = count;
      subscription.unsubscribe();
      navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
      return { subscribed, after: count };
    });
    expect(counts).toEqual({ subscribed: 1, after: 1 });
  });
});
