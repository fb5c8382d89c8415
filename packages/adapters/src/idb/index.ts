/** `@examroom/adapters/idb`: the ChunkStore in IndexedDB. */
export {
  createIdbChunkStore,
  DEFAULT_DB_NAME,
  DEFAULT_LOW_SPACE_BYTES,
  type IdbChunkStore,
  type IdbChunkStoreOptions,
  type StorageManagerLike,
} from './idb-chunk-store.js';
