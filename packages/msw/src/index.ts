export {
  createMswHandlers,
  createMovableClock,
  type MswHandlersOptions,
  type MswExam,
  type MovableClock,
  type UploadState,
} from './handlers.js';
