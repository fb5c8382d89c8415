/**
 * R7 「不得使用滤镜、美颜等功能」 in the candidate's machine: whether the chosen camera is a virtual or filter camera
 * (the pure rule is rules/virtual-camera.ts, which the server applies too), and the server's refusal of 设备确认 with
 * one, which waits for a supervisor's waiver or another camera.
 */
import type { EventObject } from 'xstate';
import { ErrorCode } from '../errors/error-codes.js';
import { isVirtualCamera } from '../rules/virtual-camera.js';
import { actorErrorCode } from './exam.context.js';
import type { ExamContext } from './exam.types.js';

/** The label of the camera chosen (设备准备's or 设备确认's), '' when the browser gives none. */
export function chosenCameraLabel(context: Pick<ExamContext, 'devices' | 'cameraId'>): string {
  return context.devices.cameras.find((camera) => camera.id === context.cameraId)?.label ?? '';
}

/** The camera chosen is a virtual or filter camera by its label. */
export function chosenCameraIsVirtual(context: Pick<ExamContext, 'devices' | 'cameraId'>): boolean {
  return isVirtualCamera(chosenCameraLabel(context));
}

/** The server refused 设备确认 for the camera: a virtual or filter camera no supervisor waived. */
export const isVirtualCameraRefused = ({ event }: { readonly event: EventObject }) => actorErrorCode(event) === ErrorCode.VIRTUAL_CAMERA;
