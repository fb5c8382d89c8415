/** View models of 设备确认 for tests and stories, one per state the stage can show. */
import type { ConfirmingDevicesView } from '@examroom/core';

const cameras = [
  { id: 'cam-integrated', kind: 'camera', label: 'Integrated Camera (04f2:b6d9)' },
  { id: 'cam-usb', kind: 'camera', label: 'Logitech C920 HD Pro Webcam' },
] as const;

const microphones = [
  { id: 'mic-default', kind: 'microphone', label: '默认 - 麦克风阵列 (Realtek High Definition Audio)' },
  { id: 'mic-headset', kind: 'microphone', label: 'Jabra Evolve2 40' },
] as const;

const ready = {
  stage: 'confirmingDevices',
  phase: 'ready',
  cameras,
  microphones,
  cameraId: 'cam-integrated',
  microphoneId: 'mic-default',
  preview: { stream: null, volume: 0.42 },
  canContinue: true,
  error: null,
  virtualCamera: false,
} satisfies ConfirmingDevicesView;

/** R7: OBS's virtual camera among the cameras, and chosen. */
const withObs = [...cameras, { id: 'cam-obs', kind: 'camera', label: 'OBS Virtual Camera' }] as const;

export const confirmingDevicesViews = {
  listing: { ...ready, phase: 'listing', cameras: [], microphones: [], cameraId: null, microphoneId: null, preview: { stream: null, volume: 0 }, canContinue: false },
  opening: { ...ready, phase: 'opening', cameraId: 'cam-usb', preview: { stream: null, volume: 0 }, canContinue: false },
  ready,
  unlabelled: {
    ...ready,
    cameras: cameras.map((camera) => ({ ...camera, label: '' })),
    microphones: microphones.map((microphone) => ({ ...microphone, label: '' })),
  },
  noCamera: {
    ...ready,
    phase: 'failed',
    cameras: [],
    cameraId: null,
    preview: { stream: null, volume: 0.1 },
    canContinue: false,
    error: 'CAMERA_NOT_FOUND',
  },
  busy: { ...ready, phase: 'failed', preview: { stream: null, volume: 0 }, canContinue: false, error: 'MEDIA_DEVICE_BUSY' },
  virtualCamera: { ...ready, cameras: withObs, cameraId: 'cam-obs', virtualCamera: true },
  awaitingWaiver: { ...ready, phase: 'awaitingWaiver', cameras: withObs, cameraId: 'cam-obs', virtualCamera: true, error: 'VIRTUAL_CAMERA' },
} satisfies Record<string, ConfirmingDevicesView>;
