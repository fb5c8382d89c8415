/** 设备准备 (R3): every check of the candidate's device, each independent of the others' failure. */
import { fromPromise } from 'xstate';
import { ErrorCode, errorCodeOf } from '../../errors/error-codes.js';
import type { BrowserSupport } from '../../ports/environment.port.js';
import type { ExamPorts } from '../../ports/index.js';
import type { MediaDeviceList } from '../../ports/media-devices.port.js';
import { isVirtualCamera } from '../../rules/virtual-camera.js';
import type { DeviceCheckOutcome, DeviceCheckResult } from '../exam.types.js';

/** A battery below this, not charging, is a warning in 设备准备. */
export const LOW_BATTERY = 0.3;

export function deviceCheckActors(ports: ExamPorts) {
  return {
    runDeviceChecks: fromPromise<DeviceCheckOutcome, { readonly cameraId: string | null }>(async ({ input }) => {
      const support = ports.environment.support();
      const media = await cameraAndMicrophone(ports, input.cameraId);
      const results: DeviceCheckResult[] = [...media.checks, ...browserSupport(support)];
      try {
        await ports.clock.resync();
        results.push({ id: 'network', status: 'pass' });
      } catch (error) {
        results.push({ id: 'network', status: 'fail', error: ports.integrity.isOnline() ? errorCodeOf(error) : ErrorCode.NETWORK_OFFLINE });
      }
      const battery = await ports.environment.battery().catch(() => null);
      results.push(
        battery && !battery.charging && battery.level < LOW_BATTERY
          ? { id: 'battery', status: 'warn', error: ErrorCode.BATTERY_LOW }
          : { id: 'battery', status: 'pass' },
      );
      const external = await ports.display.hasExternalDisplay().catch(() => false);
      results.push(external ? { id: 'display', status: 'warn', error: ErrorCode.EXTERNAL_DISPLAY_CONNECTED } : { id: 'display', status: 'pass' });
      return { checks: results, devices: media.devices, cameraId: media.cameraId };
    }),
  };
}

/**
 * Opens and closes camera and microphone together (the chosen camera, else the default); a microphone error fails
 * only the microphone. While they are open the devices are listed, since only then do browsers give their labels: a
 * virtual or filter camera (R7) warns, and the list lets the candidate choose another.
 */
async function cameraAndMicrophone(
  ports: ExamPorts,
  cameraId: string | null,
): Promise<{ checks: DeviceCheckResult[]; devices: MediaDeviceList | null; cameraId: string | null }> {
  try {
    const capture = await ports.media.open(cameraId ? { cameraId } : {});
    const devices = await ports.media.list().catch(() => null);
    capture.stop();
    const label = devices?.cameras.find((camera) => camera.id === capture.cameraId)?.label;
    return {
      checks: [
        isVirtualCamera(label) ? { id: 'camera', status: 'warn', error: ErrorCode.VIRTUAL_CAMERA } : { id: 'camera', status: 'pass' },
        { id: 'microphone', status: 'pass' },
      ],
      devices,
      cameraId: capture.cameraId,
    };
  } catch (error) {
    const code = errorCodeOf(error);
    const micFailed = code === ErrorCode.MICROPHONE_NOT_FOUND || code === ErrorCode.MICROPHONE_PERMISSION_DENIED;
    const camFailed = !micFailed;
    return {
      checks: [
        camFailed ? { id: 'camera', status: 'fail', error: code } : { id: 'camera', status: 'pass' },
        micFailed ? { id: 'microphone', status: 'fail', error: code } : { id: 'microphone', status: camFailed ? 'warn' : 'pass' },
      ],
      devices: null,
      cameraId: null,
    };
  }
}

function browserSupport(support: BrowserSupport): DeviceCheckResult[] {
  return [
    support.mediaRecorder ? { id: 'recording', status: 'pass' } : { id: 'recording', status: 'fail', error: ErrorCode.RECORDING_UNSUPPORTED },
    support.displayMedia ? { id: 'screenCapture', status: 'pass' } : { id: 'screenCapture', status: 'fail', error: ErrorCode.SCREEN_CAPTURE_UNSUPPORTED },
    support.indexedDb ? { id: 'storage', status: 'pass' } : { id: 'storage', status: 'fail', error: ErrorCode.STORAGE_UNSUPPORTED },
  ];
}
