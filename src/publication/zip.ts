import JSZip from 'jszip';

export interface ZipEntry {
  name: string;
  data: Buffer | Uint8Array | string;
}

/** Files that are compressed already: deflating them again costs time and saves next to nothing. */
const PACKED = /\.(pdf|xlsx|docx|zip|png|jpe?g)$/i;

/**
 * A ZIP whose bytes depend only on its entries and `at`: entries in the given order, every file time
 * `at`, no folder entries, already-compressed files stored as they are. A published file's hash must
 * not change because it was packed again.
 */
export function reproducibleZip(entries: ZipEntry[], at: Date): Promise<Buffer> {
  // ZIP times are wall-clock fields, and JSZip writes a Date's local ones: give it the UTC fields as local.
  const date = new Date(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds());
  const zip = new JSZip();
  for (const entry of entries) zip.file(entry.name, entry.data, { date, createFolders: false, compression: PACKED.test(entry.name) ? 'STORE' : 'DEFLATE' });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'UNIX' });
}
