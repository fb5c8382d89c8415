import { describeChunkStoreContract } from './chunk-store.contract.js';
import { createMemoryChunkStore } from './memory-chunk-store.js';

describeChunkStoreContract('in-memory fake', async () => {
  const store = createMemoryChunkStore();
  return { store, setQuota: (bytes) => store.setQuota(bytes) };
});
