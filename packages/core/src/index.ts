export * from './errors/error-codes.js';
export * from './rules/index.js';
export type * from './ports/index.js';
