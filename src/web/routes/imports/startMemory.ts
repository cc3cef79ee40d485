import type { Request } from 'express';

/** What `importPlacements` answered when the file was queued, which `importJob` does not repeat. */
export interface ImportStartView {
  mapping: { field: string; header: string; label: string }[];
  unmappedHeaders: string[];
  preview: Record<string, string>[];
}

declare module 'express-session' {
  interface SessionData {
    importStarts?: Record<string, ImportStartView>;
  }
}

// Only the user's latest few uploads: the preview is a handful of rows, and the session lives in Redis.
const KEEP = 5;

/** Keeps the mapping, unmapped headers and preview for the job page, in the uploader's own session. */
export function rememberStart(req: Request, jobId: string, start: ImportStartView): void {
  const kept = Object.entries(req.session.importStarts ?? {}).slice(-(KEEP - 1));
  req.session.importStarts = Object.fromEntries([...kept, [jobId, start]]);
}

export function startOf(req: Request, jobId: string): ImportStartView | null {
  return req.session.importStarts?.[jobId] ?? null;
}
