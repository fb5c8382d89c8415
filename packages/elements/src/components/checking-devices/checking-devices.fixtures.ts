/** View models of 设备准备 for tests and stories, one per state the stage can show. */
import type { CheckingDevicesView, DeviceCheckResult } from '@examroom/core';

const ALL_PASS: readonly DeviceCheckResult[] = (['camera', 'microphone', 'recording', 'screenCapture', 'storage', 'network', 'battery', 'display'] as const).map(
  (id) => ({ id, status: 'pass' }),
);

/** Every check passed except the ones given. */
function checksWith(...problems: DeviceCheckResult[]): readonly DeviceCheckResult[] {
  return ALL_PASS.map((check) => problems.find((problem) => problem.id === check.id) ?? check);
}

const cameras = [
  { id: 'cam-integrated', kind: 'camera', label: 'Integrated Camera (04f2:b6d9)' },
  { id: 'cam-obs', kind: 'camera', label: 'OBS Virtual Camera' },
] as const;

export const checkingDevicesViews = {
  running: { stage: 'checkingDevices', running: true, checks: [], canContinue: false, canRecheck: false, error: null, cameras: [], cameraId: null, offerCameras: false },
  allPassed: { stage: 'checkingDevices', running: false, checks: ALL_PASS, canContinue: true, canRecheck: true, error: null, cameras, cameraId: 'cam-integrated', offerCameras: false },
  batteryWarning: {
    stage: 'checkingDevices',
    running: false,
    checks: checksWith({ id: 'battery', status: 'warn', error: 'BATTERY_LOW' }),
    canContinue: true,
    canRecheck: true,
    error: null,
    cameras,
    cameraId: 'cam-integrated',
    offerCameras: false,
  },
  cameraDenied: {
    stage: 'checkingDevices',
    running: false,
    checks: checksWith({ id: 'camera', status: 'fail', error: 'CAMERA_PERMISSION_DENIED' }, { id: 'network', status: 'fail', error: 'NETWORK_OFFLINE' }),
    canContinue: false,
    canRecheck: true,
    error: null,
    cameras,
    cameraId: 'cam-integrated',
    offerCameras: false,
  },
  rechecking: {
    stage: 'checkingDevices',
    running: true,
    checks: checksWith({ id: 'camera', status: 'fail', error: 'CAMERA_PERMISSION_DENIED' }),
    canContinue: false,
    canRecheck: false,
    error: null,
    cameras,
    cameraId: 'cam-integrated',
    offerCameras: false,
  },
  /** R7: the default camera is OBS's virtual camera; the others are offered. A warning: the candidate may go on. */
  virtualCamera: {
    stage: 'checkingDevices',
    running: false,
    checks: checksWith({ id: 'camera', status: 'warn', error: 'VIRTUAL_CAMERA' }),
    canContinue: true,
    canRecheck: true,
    error: null,
    cameras,
    cameraId: 'cam-obs',
    offerCameras: true,
  },
} satisfies Record<string, CheckingDevicesView>;
