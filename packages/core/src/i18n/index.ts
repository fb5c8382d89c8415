export * from './zh-CN.js';
export * from './en.js';
export * from './format.js';
