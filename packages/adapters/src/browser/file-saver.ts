/**
 * core's FileSaver in a browser: the file becomes an object URL that a temporary `<a download>` opens, which is how a
 * page hands bytes it fetched itself (with a bearer token a plain link cannot send) to the browser's downloads. The
 * URL is let go of a minute later, long after the browser started saving.
 */
import type { DownloadedFile, FileSaver } from '@examroom/core';

const REVOKE_AFTER_MS = 60_000;

export function createBrowserFileSaver(doc: Document = globalThis.document): FileSaver {
  return {
    save(file: DownloadedFile) {
      const url = URL.createObjectURL(file.blob);
      const link = doc.createElement('a');
      link.href = url;
      link.download = file.name;
      link.rel = 'noopener';
      link.style.display = 'none';
      doc.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
    },
  };
}
