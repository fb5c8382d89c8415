import { describe, expect, it } from 'vitest';
import { VIRTUAL_CAMERA_PATTERNS, deviceConfirmationRefusal, isVirtualCamera, virtualCameraName } from './virtual-camera.js';

describe('virtual and filter cameras (R7)', () => {
  // Labels as browsers report them for these products' drivers.
  const virtualLabels: [string, string][] = [
    ['OBS Virtual Camera', 'OBS'],
    ['OBS-Camera', 'OBS'],
    ['OBS Virtual Camera (m-de:vice)', 'OBS'],
    ['ManyCam Virtual Webcam', 'ManyCam'],
    ['ManyCam Video Source', 'ManyCam'],
    ['Snap Camera', 'Snap Camera'],
    ['XSplit VCam', 'XSplit'],
    ['Reincubate Camo', 'Camo'],
    ['Camo', 'Camo'],
    ['Camera (NVIDIA Broadcast)', 'NVIDIA Broadcast'],
    ['Logi Capture', 'Logi Capture'],
    ['CyberLink YouCam 10', 'YouCam'],
    ['YouCam Webcam Splitter', 'YouCam'],
    ['CyberLink Webcam Splitter 7.0', 'CyberLink'],
    ['e2eSoft VCam', 'e2eSoft VCam'],
    ['VCam', 'e2eSoft VCam'],
    ['DroidCam Source 3', 'DroidCam'],
    ['DroidCam Video', 'DroidCam'],
    ['iVCam', 'iVCam'],
    ['EpocCam Camera', 'EpocCam'],
    ['mmhmm Camera', 'mmhmm'],
    ['Streamlabs OBS Virtual Webcam', 'Streamlabs'],
    ['SplitCam Video Driver', 'SplitCam'],
    ['CamTwist', 'CamTwist'],
    ['vMix Video YUY2', 'vMix'],
    ['NDI Webcam Input', 'NDI'],
    ['Dummy video device (0x0000)', 'v4l2loopback'],
    ['Elgato Virtual Camera', 'Virtual'],
    ['Windows Virtual Camera', 'Virtual'],
    ['FaceRig Virtual Camera', 'Virtual'],
    ['Wirecast Virtual Camera', 'Virtual'],
    ['虚拟摄像头', '虚拟摄像头'],
    ['美颜相机', '美颜'],
  ];

  it.each(virtualLabels)('recognises %s as %s', (label, name) => {
    expect(virtualCameraName(label)).toBe(name);
    expect(isVirtualCamera(label)).toBe(true);
  });

  // Labels of ordinary cameras: built-in, USB, and Chromium's fake camera in tests.
  const cameraLabels = [
    'Integrated Camera (04f2:b6dd)',
    'FaceTime HD Camera',
    'FaceTime HD Camera (Built-in) (05ac:8514)',
    'Logitech BRIO (046d:085e)',
    'HD Pro Webcam C920 (046d:082d)',
    'Logi C270 HD WebCam',
    'USB2.0 HD UVC WebCam: USB2.0 HD (13d3:56dd)',
    'Microsoft® LifeCam HD-3000',
    'HP TrueVision HD Camera',
    'Razer Kiyo',
    'Cam Link 4K',
    'Camouflage Studio Camera',
    'Snapdragon Camera',
    'fake_device_0',
    '联想摄像头',
  ];

  it.each(cameraLabels)('leaves %s alone', (label) => {
    expect(virtualCameraName(label)).toBeNull();
  });

  it('judges nothing without a label (no permission yet)', () => {
    expect(isVirtualCamera('')).toBe(false);
    expect(isVirtualCamera('   ')).toBe(false);
    expect(isVirtualCamera(null)).toBe(false);
    expect(isVirtualCamera(undefined)).toBe(false);
  });

  it('matches whatever the case', () => {
    expect(virtualCameraName('obs virtual camera')).toBe('OBS');
    expect(virtualCameraName('MANYCAM VIRTUAL WEBCAM')).toBe('ManyCam');
  });

  it('names each product once', () => {
    const names = VIRTUAL_CAMERA_PATTERNS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuses the first 设备确认 with a virtual camera unless waived', () => {
    const obs = 'OBS Virtual Camera';
    expect(deviceConfirmationRefusal({ cameraLabel: obs, alreadyConfirmed: false, waived: false })).toEqual({ code: 'VIRTUAL_CAMERA' });
    expect(deviceConfirmationRefusal({ cameraLabel: obs, alreadyConfirmed: false, waived: true })).toBeNull();
    expect(deviceConfirmationRefusal({ cameraLabel: obs, alreadyConfirmed: true, waived: false })).toBeNull();
    expect(deviceConfirmationRefusal({ cameraLabel: 'Integrated Camera', alreadyConfirmed: false, waived: false })).toBeNull();
    expect(deviceConfirmationRefusal({ cameraLabel: undefined, alreadyConfirmed: false, waived: false })).toBeNull();
  });
});
