import busboy from 'busboy';
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../../config';
import { importMaxBytes } from '../../import/csvFile';

/** A file sent with a multipart form: its bytes up to the limit, and whether it went past it. */
export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
  /** The file was larger than the limit: `bytes` holds only its start and must not be read as the file. */
  tooLarge: boolean;
}

declare module 'express-serve-static-core' {
  interface Request {
    upload?: UploadedFile;
  }
}

/**
 * Multipart forms (a file upload): the text fields become `req.body` (so the CSRF check reads `_csrf` as for
 * any form) and the one file `req.upload`, held in memory up to `maxBytes`; past that the rest is read and
 * dropped, so the page can say the file is too big instead of the connection breaking. Only the paths given
 * accept a file, and only from a signed-in session; elsewhere a multipart body is not read and the CSRF check
 * refuses the request.
 */
export function setUpUpload(paths: readonly string[], maxBytes: number) {
  return (req: Request, _res: Response, next: NextFunction) => {
    // Only a signed-in session's upload is read: nobody else gets a file held in memory.
    if (req.method !== 'POST' || !req.is('multipart/form-data') || !paths.some((p) => req.path === p)) return next();
    if (!req.session?.userId) return next();
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: maxBytes, fields: 20, fieldSize: 10_000 },
      });
    } catch (err) {
      return next(err);
    }
    const fields: Record<string, string> = {};
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      const file: UploadedFile = { fileName: info.filename ?? '', bytes: Buffer.alloc(0), tooLarge: false };
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        file.tooLarge = true;
      });
      stream.on('end', () => {
        file.bytes = Buffer.concat(chunks);
        // A form with no file chosen still sends the part, with no name and no bytes.
        if (file.fileName || file.bytes.length) req.upload = file;
      });
    });
    parser.on('close', () => {
      req.body = fields;
      next();
    });
    parser.on('error', (err) => next(err));
    req.pipe(parser);
  };
}

/** The upload limit for import files: IMPORT_MAX_BYTES, as the import itself reads it. */
export const importUploadLimit = (config: Pick<Config, 'IMPORT_MAX_BYTES'>): number =>
  importMaxBytes({ IMPORT_MAX_BYTES: config.IMPORT_MAX_BYTES });
