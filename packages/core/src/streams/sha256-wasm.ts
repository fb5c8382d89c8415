/** The two hash-wasm functions examroom uses; sha256.ts imports this module lazily so the rest is tree-shaken away. */
export { createSHA256, sha256 } from 'hash-wasm';
