export interface ImportJobAnswer {
  importJob: {
    id: string;
    status: string;
    fileName: string;
    dryRun: boolean;
    mode: string;
    rowsTotal: number;
    rowsChecked: number;
    rowsImported: number;
    rowsUpdated: number;
    rowsUnchanged: number;
    rowsRefused: number;
    rowsDuplicate: number;
    followUps: Record<string, number> | null;
    message: string | null;
    refusedRows: { line: number; column: string; message: string; rule: string | null; duplicate: boolean }[];
    createdAt: string;
    finishedAt: string | null;
    kind: string;
    uploadId: string | null;
  } | null;
}

type Job = NonNullable<ImportJobAnswer['importJob']>;

const STATUS: Record<string, { text: string; colour: string }> = {
  QUEUED: { text: 'Waiting to start', colour: 'grey' },
  RUNNING: { text: 'Running', colour: 'blue' },
  DONE: { text: 'Finished', colour: 'green' },
  REFUSED: { text: 'Refused: nothing was imported', colour: 'red' },
  CANCELLED: { text: 'Cancelled: nothing was imported', colour: 'orange' },
  FAILED: { text: 'Failed: nothing was imported', colour: 'red' },
};

/** The job page's figures: status words, whether it is still running (refresh, cancel), the progress so far. */
export function jobView(job: Job) {
  const running = job.status === 'QUEUED' || job.status === 'RUNNING';
  const percent = job.rowsTotal > 0 ? Math.min(100, Math.floor((job.rowsChecked / job.rowsTotal) * 100)) : 0;
  return {
    job,
    running,
    // A finished dry run whose file is still held: import it in one click.
    canImportChecked: job.dryRun && job.status === 'DONE' && job.uploadId !== null,
    percent,
    status: STATUS[job.status] ?? { text: job.status, colour: 'grey' },
    followUps: Object.entries(job.followUps ?? {}).filter(([, n]) => typeof n === 'number' && n > 0),
    refusedRows: job.refusedRows.map((r) => [
      { text: String(r.line) },
      { text: r.column },
      { text: r.duplicate ? `${r.message} (duplicate row)` : r.message },
    ]),
  };
}

/** The upload's answer as tables: field → header, and the preview rows with the mapped fields as columns. */
export function startView(start: {
  mapping: { field: string; header: string; label: string }[];
  unmappedHeaders: string[];
  preview: Record<string, string>[];
}) {
  const fields = start.mapping.map((m) => m.field);
  return {
    unmappedHeaders: start.unmappedHeaders,
    preview: start.preview,
    mappingRows: start.mapping.map((m) => [{ text: m.label }, { text: m.header }]),
    // The file's own headers: the fields' descriptions are too long for column heads.
    previewHead: start.mapping.map((m) => ({ text: m.header })),
    previewRows: start.preview.map((row) => fields.map((f) => ({ text: row[f] ?? '' }))),
  };
}
