import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * How an uploaded file is kept until its job has run (ImportFile.content). Compressed: the bytes go through
 * Prisma twice (stored at upload, read back by the job), which cost far more than gzip at level 1 (the
 * bench's 100,000-row CSV: 15.4 MB to 1.1 MB in about 40 ms; docs/import.md, Speed). A stored
 * file is told apart by gzip's magic bytes: an accepted file is UTF-8 text, which never starts with 0x1f
 * 0x8b (0x8b cannot start a UTF-8 sequence), so files stored uncompressed before this read back as they are.
 */
export function packUploadedFile(content: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(gzipSync(content, { level: 1 }));
}

export function unpackUploadedFile(stored: Uint8Array): Buffer {
  const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}
