/**
 * The face checks' still of the camera while answering: a small JPEG taken from the camera track the page already
 * records (no second camera prompt, nothing changed in what is recorded), for the server to judge. The page never
 * loads a face model for it: it may be an old computer busy recording.
 */
export interface FaceSnapshot {
  /**
   * A JPEG of the stream's video track as it is now, scaled down to at most `maxWidth` pixels wide; null when there
   * is no frame to take (no live video track, nothing decoded yet).
   */
  take(stream: MediaStream, maxWidth: number): Promise<Blob | null>;
}
