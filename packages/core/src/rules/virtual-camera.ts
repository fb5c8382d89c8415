/**
 * R7 「不得使用滤镜、美颜等功能」: cameras that are software, not a lens — virtual cameras (a stream re-published by an
 * app: OBS, vMix, Streamlabs) and filter or beauty cameras (an app between the real camera and the browser that
 * reshapes the face or replaces the background: ManyCam, Snap Camera, XSplit VCam, YouCam, NVIDIA Broadcast) — told
 * apart by the label the browser gives the device (`MediaDeviceInfo.label`). The page and the server judge with this
 * one rule: the page to warn at 设备准备 and 设备确认, the server to refuse 设备确认 unless a supervisor waived it.
 *
 * A label is what the driver calls itself, so this finds the common apps, not every one: an app renamed, or one not
 * listed here, passes. Phones used as webcams (DroidCam, Camo, iVCam, EpocCam) are listed too: their apps offer
 * filters and the picture can come from anywhere, so a supervisor decides (the waiver), as for the rest.
 */

import { ErrorCode } from '../errors/error-codes.js';
import type { Refusal } from './access.js';

/** One kind of virtual or filter camera and how its labels look. */
export interface VirtualCameraPattern {
  /** The product, as a supervisor would know it. */
  readonly name: string;
  /** Matches the labels its driver gives, case-insensitively. */
  readonly pattern: RegExp;
}

/**
 * The products, with the labels seen in browsers (Chrome, Edge, Firefox, Safari on Windows, macOS and Linux). Word
 * boundaries keep short names from matching inside ordinary words ("Camo" is not "Camouflage").
 */
export const VIRTUAL_CAMERA_PATTERNS: readonly VirtualCameraPattern[] = [
  // "OBS Virtual Camera" (OBS 26.1+, every system), "OBS-Camera" (the older obs-virtualcam plugin on Windows).
  { name: 'OBS', pattern: /\bOBS[- ](virtual[- ]?cam(era)?|camera)\b/i },
  // "ManyCam Virtual Webcam", "ManyCam Video Source".
  { name: 'ManyCam', pattern: /\bManyCam\b/i },
  // "Snap Camera" (Snap's lens camera, retired in 2023 but still installed).
  { name: 'Snap Camera', pattern: /\bSnap Camera\b/i },
  // "XSplit VCam", "XSplit Broadcaster".
  { name: 'XSplit', pattern: /\bXSplit\b/i },
  // "Reincubate Camo", "Camo" (an iPhone or Android phone as the webcam, with filters).
  { name: 'Camo', pattern: /\bCamo\b/i },
  // "Camera (NVIDIA Broadcast)": background removal and blur, eye contact.
  { name: 'NVIDIA Broadcast', pattern: /\bNVIDIA Broadcast\b/i },
  // "Logi Capture" (Logitech's own virtual camera with filters), "Logitech Capture".
  { name: 'Logi Capture', pattern: /\bLogi(tech)? Capture\b/i },
  // "CyberLink YouCam 10", "YouCam Webcam Splitter": beauty effects and face filters.
  { name: 'YouCam', pattern: /\bYouCam\b/i },
  // "CyberLink Webcam Splitter" and CyberLink's other virtual drivers.
  { name: 'CyberLink', pattern: /\bCyberLink\b/i },
  // "e2eSoft VCam", "VCam" (e2eSoft's virtual camera).
  { name: 'e2eSoft VCam', pattern: /\b(e2eSoft|VCam)\b/i },
  // "DroidCam Source 3", "DroidCam Video" (a phone as the webcam).
  { name: 'DroidCam', pattern: /\bDroidCam\b/i },
  // "iVCam", "e2eSoft iVCam"; "EpocCam Camera" (phones as webcams).
  { name: 'iVCam', pattern: /\biVCam\b/i },
  { name: 'EpocCam', pattern: /\bEpocCam\b/i },
  // "mmhmm Camera" (presentation effects), "Streamlabs OBS Virtual Webcam" (caught by "Virtual" too).
  { name: 'mmhmm', pattern: /\bmmhmm\b/i },
  { name: 'Streamlabs', pattern: /\bStreamlabs\b/i },
  // "SplitCam Video Driver", "AlterCam Virtual Camera", "CamTwist", "FaceRig Virtual Camera", "Webcamoid".
  { name: 'SplitCam', pattern: /\bSplitCam\b/i },
  { name: 'AlterCam', pattern: /\bAlterCam\b/i },
  { name: 'CamTwist', pattern: /\bCamTwist\b/i },
  { name: 'Webcamoid', pattern: /\bWebcamoid\b/i },
  // "vMix Video", "vMix Video YUY2" (a production mixer's output), "NDI Webcam Input", "Wirecast Virtual Camera".
  { name: 'vMix', pattern: /\bvMix\b/i },
  { name: 'NDI', pattern: /\bNDI\b/i },
  // Linux's v4l2loopback (what OBS and others write into) is "Dummy video device (0x0000)" unless renamed.
  { name: 'v4l2loopback', pattern: /\bDummy video device\b|\bv4l2 ?loopback\b/i },
  // Any other driver that says what it is: "Virtual Camera", "Elgato Virtual Camera", "Windows Virtual Camera",
  // "FaceRig Virtual Camera", "VirtualCam".
  { name: 'Virtual', pattern: /virtual/i },
  // Chinese drivers: 「虚拟摄像头」, 「美颜相机」, 「美颜摄像头」.
  { name: '虚拟摄像头', pattern: /虚拟/ },
  { name: '美颜', pattern: /美颜/ },
];

/** The product a camera's label names, or null for an ordinary camera (and for an empty label: no permission yet). */
export function virtualCameraName(label: string | null | undefined): string | null {
  const text = label?.trim() ?? '';
  if (text === '') return null;
  return VIRTUAL_CAMERA_PATTERNS.find(({ pattern }) => pattern.test(text))?.name ?? null;
}

/** Whether a camera's label names a virtual or filter camera (R7). */
export function isVirtualCamera(label: string | null | undefined): boolean {
  return virtualCameraName(label) !== null;
}

/**
 * Why the server refuses a 设备确认 (R7), or null: the camera's label names a virtual or filter camera and no
 * supervisor waived it for the candidate. A repeat of a 设备确认 already recorded is answered as before (the first is
 * kept), so only the first one is judged.
 */
export function deviceConfirmationRefusal(request: {
  readonly cameraLabel: string | null | undefined;
  readonly alreadyConfirmed: boolean;
  readonly waived: boolean;
}): Refusal | null {
  if (request.alreadyConfirmed || request.waived) return null;
  return isVirtualCamera(request.cameraLabel) ? { code: ErrorCode.VIRTUAL_CAMERA } : null;
}
