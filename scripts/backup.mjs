#!/usr/bin/env node
// `npm run backup [-- --out <file>]`: a pg_dump of the database in custom format (compressed,
// restorable table by table, any pg_restore at least as new), from DATABASE_URL (the owner role;
// default: the local `npm start` database). Default file: backups/<database>-<UTC time>.dump.
//
// Redis is not backed up: it holds only queue state, and the outbox in PostgreSQL is the source of
// truth. After a restore the workers, started against an empty Redis, publish whatever the outbox
// still holds and re-register the nightly scan (docs/operations.md, "Backup and restore").
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { libpqTarget, ownerUrl, redact, requireTool, runTool } from './dbTools.mjs';

export async function backup({ url = ownerUrl(), out } = {}) {
  const db = decodeURIComponent(new URL(url).pathname.slice(1));
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const file = resolve(out ?? `backups/${db}-${stamp}.dump`);
  mkdirSync(dirname(file), { recursive: true });
  const target = libpqTarget(url);
  const t0 = Date.now();
  // --serializable-deferrable: a snapshot no concurrent write can make inconsistent, without
  // blocking writers (the service can stay up).
  await runTool(
    requireTool('pg_dump'),
    ['--format=custom', '--serializable-deferrable', '--file', file, '--dbname', target.url],
    target.env,
  );
  const bytes = statSync(file).size;
  process.stdout.write(
    `[backup] ${redact(url)} -> ${file} (${(bytes / 1024).toFixed(0)} KiB in ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
  );
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--out');
  backup({ out: at >= 0 ? argv[at + 1] : argv.find((a) => !a.startsWith('--')) }).catch((err) => {
    process.stderr.write(`[backup] FAILED: ${err.message}\n`);
    process.exit(1);
  });
}
