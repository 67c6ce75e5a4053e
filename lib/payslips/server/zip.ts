import 'server-only';
import { Zip, ZipPassThrough } from 'fflate';

/**
 * A ZIP archive of files stored as they are (no compression: PDFs are compressed already), names in UTF-8, each
 * file dated `modified`. fflate's streaming `Zip`: entries in the order given, two of the same name both kept.
 */
export function storedZip(files: { name: string; data: Uint8Array }[], modified = new Date()): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    const archive = new Zip((error, chunk, final) => {
      if (error) return reject(error);
      chunks.push(chunk);
      if (final) resolve(new Uint8Array(Buffer.concat(chunks)));
    });
    for (const { name, data } of files) {
      const entry = new ZipPassThrough(name);
      entry.mtime = modified;
      archive.add(entry);
      entry.push(data, true);
    }
    archive.end();
  });
}
