/** Resumable upload of one recording (tus with deferred length in the browser). */
export interface UploadSession {
  /** Bytes the server holds; after any failure the sender resumes from here. */
  offset(): Promise<number>;
  /** Sends bytes starting at `offset`; resolves with the server's new offset. */
  append(data: Blob, offset: number): Promise<number>;
  /** Declares the final length and the client's SHA-256; resolves when the server finalised the file. */
  finish(totalBytes: number, sha256: string): Promise<void>;
}

export interface UploadTransport {
  /** Opens (or re-opens after a reload) the upload at `uploadUrl`. */
  open(uploadUrl: string): Promise<UploadSession>;
}
