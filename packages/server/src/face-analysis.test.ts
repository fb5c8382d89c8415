import { describe, expect, it } from 'vitest';
import { ErrorCode, ExamError } from '@examroom/core';
import { enrolmentFace, faceCheckOf, showsAction, theOneFace, verdictOf } from './face-analysis.js';
import type { FaceSeen } from './face-worker.js';

const face = (over: Partial<FaceSeen> = {}): FaceSeen => ({
  score: 0.95,
  detectorScore: 0.9,
  box: [100, 100, 200, 200],
  headTurn: 0,
  yaw: 0,
  eyeOpenness: 0.4,
  similarity: 0.9,
  descriptor: [1, 2, 3],
  ...over,
});
const codeOf = (work: () => unknown) => {
  try {
    work();
    return 'none';
  } catch (error) {
    return error instanceof ExamError ? error.code : String(error);
  }
};

describe('which face counts', () => {
  it('takes the one clear face; refuses none, a small or unsure one, and a second face of some size', () => {
    expect(theOneFace([face()])).toMatchObject({ score: 0.95 });
    expect(codeOf(() => theOneFace([]))).toBe(ErrorCode.FACE_NOT_DETECTED);
    expect(codeOf(() => theOneFace([face({ score: 0.5 })]))).toBe(ErrorCode.FACE_NOT_DETECTED);
    expect(codeOf(() => theOneFace([face({ box: [0, 0, 40, 40] })]))).toBe(ErrorCode.FACE_NOT_DETECTED);
    expect(codeOf(() => theOneFace([face(), face({ box: [400, 100, 120, 120] })]))).toBe(ErrorCode.FACE_SEVERAL_FACES);
    // A tiny face far behind (a poster) is background; an unsure one is no face.
    expect(theOneFace([face(), face({ box: [400, 100, 30, 30] }), face({ score: 0.4, box: [0, 0, 200, 200] })])).toBeDefined();
  });

  it('wants the enrolment photo facing the camera', () => {
    expect(codeOf(() => enrolmentFace([face({ headTurn: 0.5 })]))).toBe(ErrorCode.FACE_NOT_DETECTED);
    expect(enrolmentFace([face({ headTurn: 0.1 })]).descriptor).toEqual([1, 2, 3]);
  });
});

describe('the verdict on login frames', () => {
  const rules = { threshold: 0.5 };
  it('matches when a frame facing the camera reaches the threshold and no frame is far below it', () => {
    expect(verdictOf([face({ similarity: 0.8 }), face({ headTurn: 0.4, similarity: 0.7 })], 'turnLeft', rules)).toEqual({ matched: true, live: true, similarity: 0.8 });
    expect(verdictOf([face({ similarity: 0.45 }), face({ headTurn: 0.4, similarity: 0.45 })], 'turnLeft', rules).matched).toBe(false);
    // Someone else's face in a turned frame.
    expect(verdictOf([face({ similarity: 0.8 }), face({ headTurn: 0.4, similarity: 0.2 })], 'turnLeft', rules).matched).toBe(false);
    // No frame faces the camera.
    expect(verdictOf([face({ headTurn: 0.5 }), face({ headTurn: 0.75 })], 'turnLeft', rules).matched).toBe(false);
  });

  it('sees a head turn in the asked direction from the first frame, and a blink as the eyes closing once', () => {
    const still = face();
    expect(showsAction([still, face({ headTurn: 0.25 })], 'turnLeft')).toBe(true);
    expect(showsAction([still, face({ headTurn: 0.25 })], 'turnRight')).toBe(false);
    expect(showsAction([still, face({ headTurn: -0.3 })], 'turnRight')).toBe(true);
    expect(showsAction([still, face({ headTurn: 0.1 })], 'turnLeft')).toBe(false);
    expect(showsAction([still, face({ eyeOpenness: 0.1 }), still], 'blink')).toBe(true);
    expect(showsAction([still, face({ eyeOpenness: 0.3 })], 'blink')).toBe(false);
    // Eyes never open (a photo with the eyes shut) show no blink.
    expect(showsAction([face({ eyeOpenness: 0.1 }), face({ eyeOpenness: 0.02 })], 'blink')).toBe(false);
    expect(showsAction([still], 'turnLeft')).toBe(false);
  });
});

describe('the face checks’ finding on a frame', () => {
  it('one face; none sure or none towards the screen; a second one a tenth as large; a face the detector is unsure of', () => {
    expect(faceCheckOf([face()])).toBe('oneFace');
    expect(faceCheckOf([])).toBe('faceMissing');
    expect(faceCheckOf([face({ score: 0.5 })])).toBe('faceMissing');
    expect(faceCheckOf([face({ headTurn: 2.1 })])).toBe('faceMissing');
    // Small or a little turned is still the candidate (looking at their notes, sitting back).
    expect(faceCheckOf([face({ box: [10, 10, 40, 40], headTurn: 0.7 })])).toBe('oneFace');
    expect(faceCheckOf([face(), face({ box: [400, 100, 80, 80] })])).toBe('faceSeveral');
    expect(faceCheckOf([face(), face({ box: [400, 100, 30, 30] })])).toBe('oneFace');
    expect(faceCheckOf([face({ detectorScore: 0.74 })])).toBe('faceCovered');
    expect(faceCheckOf([face({ detectorScore: 0.75 })])).toBe('oneFace');
  });
});
