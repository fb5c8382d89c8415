/** 设备准备 (R3): every check of the candidate's device, each independent of the others' failure. */
import { fromPromise } from 'xstate';
import { ErrorCode, errorCodeOf } from '../../errors/error-codes.js';
import type { BrowserSupport } from '../../ports/environment.port.js';
import type { ExamPorts } from '../../ports/index.js';
import type { DeviceCheckResult } from '../exam.types.js';

/** A battery below this, not charging, is a warning in 设备准备. */
export const LOW_BATTERY = 0.3;

export function deviceCheckActors(ports: ExamPorts) {
  return {
    runDeviceChecks: fromPromise<readonly DeviceCheckResult[]>(async () => {
      const support = ports.environment.support();
      const results: DeviceCheckResult[] = [...(await cameraAndMicrophone(ports)), ...browserSupport(support)];
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
      return results;
    }),
  };
}

/** Opens and closes camera and microphone together; a microphone error fails only the microphone. */
async function cameraAndMicrophone(ports: ExamPorts): Promise<DeviceCheckResult[]> {
  try {
    const capture = await ports.media.open({});
    capture.stop();
    return [
      { id: 'camera', status: 'pass' },
      { id: 'microphone', status: 'pass' },
    ];
  } catch (error) {
    const code = errorCodeOf(error);
    const micFailed = code === ErrorCode.MICROPHONE_NOT_FOUND || code === ErrorCode.MICROPHONE_PERMISSION_DENIED;
    const camFailed = !micFailed;
    return [
      camFailed ? { id: 'camera', status: 'fail', error: code } : { id: 'camera', status: 'pass' },
      micFailed ? { id: 'microphone', status: 'fail', error: code } : { id: 'microphone', status: camFailed ? 'warn' : 'pass' },
    ];
  }
}

function browserSupport(support: BrowserSupport): DeviceCheckResult[] {
  return [
    support.mediaRecorder ? { id: 'recording', status: 'pass' } : { id: 'recording', status: 'fail', error: ErrorCode.RECORDING_UNSUPPORTED },
    support.displayMedia ? { id: 'screenCapture', status: 'pass' } : { id: 'screenCapture', status: 'fail', error: ErrorCode.SCREEN_CAPTURE_UNSUPPORTED },
    support.indexedDb ? { id: 'storage', status: 'pass' } : { id: 'storage', status: 'fail', error: ErrorCode.STORAGE_UNSUPPORTED },
  ];
}
