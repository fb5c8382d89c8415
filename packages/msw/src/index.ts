export {
  createMswHandlers,
  type MswHandlersOptions,
  type MswExam,
  type UploadState,
} from './handlers.js';
// The handlers' clock is the domain's, as the reference server's is.
export { createMovableClock, type MovableClock } from '@examroom/domain';
