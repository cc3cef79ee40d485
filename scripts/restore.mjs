#!/usr/bin/env node
// `npm run restore -- <file> [--database <name>]`: restores a `npm run backup` file into a FRESH
// database (created here; default ap_tracker_restored_<UTC time>) on the server of DATABASE_URL,
// as that (owner) role, in one transaction: a failed restore leaves an empty database behind, never
// a half-restored one. It refuses a database that already holds tables. Point DATABASE_URL and
// APP_DATABASE_URL at the result, start the workers with an empty Redis (or the old one): the
// outbox and the scheduler rebuild the queue state (docs/operations.md, "Backup and restore").
import { existsSync } from 'node:fs';
import { query, quoteIdent, quoteLiteral, withDatabase } from './bringup/sql.mjs';
import { libpqTarget, ownerUrl, redact, requireTool, runTool } from './dbTools.mjs';

export async function restore({ file, database, url = ownerUrl() }) {
  if (!file || !existsSync(file))
    throw new Error(`no backup file ${file ?? '(none given)'}: usage npm run restore -- <file> [--database <name>]`);
  const name = database ?? `ap_tracker_restored_${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}`;
  const admin = withDatabase(url, 'postgres');
  const exists = (await query(admin, `select count(*) from pg_database where datname = ${quoteLiteral(name)}`)) === '1';
  if (exists) {
    const tables = await query(withDatabase(url, name), "select count(*) from pg_tables where schemaname = 'public'");
    if (tables !== '0')
      throw new Error(
        `database ${name} already holds ${tables} tables: restore into a fresh database (--database <new name>)`,
      );
  } else {
    await query(admin, `CREATE DATABASE ${quoteIdent(name)}`);
  }
  const target = libpqTarget(withDatabase(url, name));
  const t0 = Date.now();
  // --no-owner: objects belong to the restoring owner role, whatever it was called where the backup
  // was taken; privileges (the grants to ap_app_role) are restored as they were.
  await runTool(
    requireTool('pg_restore'),
    ['--no-owner', '--exit-on-error', '--single-transaction', '--dbname', target.url, file],
    target.env,
  );
  const migrations = await query(
    withDatabase(url, name),
    'select count(*) from _prisma_migrations where finished_at is not null',
  );
  const pending = await query(
    withDatabase(url, name),
    'select count(*) from "OutboxEvent" where "publishedAt" is null',
  );
  process.stdout.write(
    `[restore] ${file} -> ${redact(withDatabase(url, name))} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${migrations} migrations applied, ${pending} outbox events waiting for the workers\n` +
      `[restore] next: point DATABASE_URL and APP_DATABASE_URL at database ${name}, run migrations (a no-op unless the code is newer), start the API and workers\n`,
  );
  return name;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--database');
  const database = at >= 0 ? argv[at + 1] : undefined;
  const file = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--database');
  restore({ file, database }).catch((err) => {
    process.stderr.write(`[restore] FAILED: ${err.message}${err.output ? `\n${err.output}` : ''}\n`);
    process.exit(1);
  });
}
