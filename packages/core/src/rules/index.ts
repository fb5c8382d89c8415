export * from './schedule.js';
export * from './stages.js';
