import { describeUploadTransportContract } from './upload-transport.contract.js';
import { createMemoryUploadTransport } from './memory-upload-transport.js';

describeUploadTransportContract('in-memory fake', async () => {
  const transport = createMemoryUploadTransport({ autoCreate: false });
  return {
    transport,
    newUpload: async () => transport.create(),
    async bytesOf(url) {
      const upload = transport.upload(url);
      if (!upload) throw new Error(`no upload at ${url}`);
      return upload.bytes;
    },
  };
});
