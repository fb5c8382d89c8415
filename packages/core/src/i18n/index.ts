export * from './zh-CN.js';
export * from './en.js';
export * from './format.js';
export * from './evidence-recorder.zh-CN.js';
export * from './evidence-recorder.en.js';
export * from './evidence-recorder.js';
