/** Fakes of every port, for tests and stories of any package: `@examroom/core/testing`. */
export * from './fake-clock.js';
export * from './fake-devices.js';
export * from './fake-ports.js';
export * from './fake-recorder.js';
export * from './memory-chunk-store.js';
export * from './memory-exam-backend.js';
export * from './memory-upload-transport.js';
export * from './fake-phone.js';
export * from './fake-proctor.js';
export * from './fake-window-lock.js';
export * from './fake-face-snapshot.js';
export * from './fake-live-view.js';
export * from './fake-admin.js';
export * from './fake-face-detector.js';
