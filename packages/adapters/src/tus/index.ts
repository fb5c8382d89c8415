/** `@examroom/adapters/tus`: the UploadTransport over tus resumable uploads. */
export { createTusTransport, TUS_VERSION, type TusTransportOptions } from './tus-transport.js';
