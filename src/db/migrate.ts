import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/**
 * Applies prisma/migrations/<name>/migration.sql in order, keeping Prisma's own
 * `_prisma_migrations` bookkeeping so `prisma migrate deploy` works unchanged where
 * its engine can be downloaded (it cannot here; see README "Migrations").
 */
export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {}

// Same key Prisma Migrate uses, so the two never run at once against one database.
const PRISMA_ADVISORY_LOCK = 72707369;

const BOOKKEEPING_DDL = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir: string): Promise<LocalMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function migrate(
  databaseUrl: string,
  migrationsDir: string,
  log: (msg: string) => void = () => {},
): Promise<MigrationResult> {
  const local = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    await client.query(BOOKKEEPING_DDL);
    const { rows } = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r]));
    const localNames = new Set(local.map((m) => m.name));
    for (const row of rows) {
      if (!localNames.has(row.migration_name)) {
        throw new MigrationError(
          `The database has migration "${row.migration_name}" applied, but it is not in ${migrationsDir}. ` +
            'This code is older than the database; deploy the newer code instead.',
        );
      }
    }
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const m of local) {
      const row = applied.get(m.name);
      if (row) {
        if (row.finished_at === null) {
          throw new MigrationError(
            `Migration "${m.name}" started earlier but did not finish. Inspect the database, then mark it rolled back ` +
              `(UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${m.name}') before retrying.`,
          );
        }
        if (row.checksum !== m.checksum) {
          throw new MigrationError(
            `Migration "${m.name}" was edited after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ` +
              `${m.checksum.slice(0, 12)}… on disk). Never edit an applied migration: restore the file and add a new migration for the change.`,
          );
        }
        result.alreadyApplied.push(m.name);
        continue;
      }
      await applyOne(client, m);
      log(`applied ${m.name}`);
      result.applied.push(m.name);
    }
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]).catch(() => {});
    await client.end();
  }
}

async function applyOne(client: pg.Client, m: LocalMigration): Promise<void> {
  const id = randomUUID();
  // One transaction: a failed migration leaves neither half a schema nor a bookkeeping row.
  await client.query('BEGIN');
  try {
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
      [id, m.checksum, m.name],
    );
    await client.query(m.sql);
    await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [
      id,
    ]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    const reason = err instanceof Error ? err.message : String(err);
    throw new MigrationError(`Migration "${m.name}" failed and was rolled back: ${reason}`);
  }
}
