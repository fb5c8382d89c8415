/** View models of the phone's camera stage (摄像头和麦克风) for tests and stories, one per state it can show. */
import type { CameraView } from '@examroom/core';

const choosing = { stage: 'camera', phase: 'choosing', facing: 'front', stream: null, error: null } satisfies CameraView;

export const cameraViews = {
  requesting: { ...choosing, phase: 'requesting' },
  refused: { ...choosing, phase: 'refused', error: 'CAMERA_PERMISSION_DENIED' },
  notFound: { ...choosing, phase: 'refused', error: 'CAMERA_NOT_FOUND' },
  choosing,
  choosingRear: { ...choosing, facing: 'rear' },
} satisfies Record<string, CameraView>;
