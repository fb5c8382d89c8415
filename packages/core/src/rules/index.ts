export * from './access.js';
export * from './identity.js';
export * from './schedule.js';
export * from './stages.js';
export * from './quotas.js';
export * from './room-scan.js';
export * from './phone-device.js';
export * from './pairing-code.js';
