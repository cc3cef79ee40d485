import { cp, mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrate, MigrationError, readMigrations } from '../../src/db/migrate';
import { createTestDatabase, type TestDatabase } from '../support/database';

const MIGRATIONS = path.resolve('prisma/migrations');

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('migration runner (Prisma layout, _prisma_migrations bookkeeping)', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    dir = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    await cp(MIGRATIONS, dir, { recursive: true });
  });
  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies every migration to a fresh database and records it as Prisma does', async () => {
    const local = await readMigrations(dir);
    const result = await migrate(db.ownerUrl, dir);
    expect(result.applied).toEqual(local.map((m) => m.name));
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(
      db.ownerUrl,
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    for (const [i, r] of rows.entries()) {
      expect(r.checksum).toBe(local[i]!.checksum);
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).not.toBeNull();
      expect(r.applied_steps_count).toBe(1);
    }
  });

  it('is a no-op when run again', async () => {
    const before = await query<{ n: string }>(db.ownerUrl, 'SELECT count(*) AS n FROM "_prisma_migrations"');
    const result = await migrate(db.ownerUrl, dir);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied.length).toBe(Number(before[0]!.n));
    const after = await query<{ n: string }>(db.ownerUrl, 'SELECT count(*) AS n FROM "_prisma_migrations"');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('refuses a migration edited after it was applied, naming it', async () => {
    const [first] = await readMigrations(dir);
    const file = path.join(dir, first!.name, 'migration.sql');
    const original = await readFile(file, 'utf8');
    await writeFile(file, `${original}\n-- edited afterwards\n`);
    try {
      await expect(migrate(db.ownerUrl, dir)).rejects.toThrow(MigrationError);
      await expect(migrate(db.ownerUrl, dir)).rejects.toThrow(
        new RegExp(`"${first!.name}" was edited after it was applied`),
      );
    } finally {
      await writeFile(file, original);
    }
    expect((await migrate(db.ownerUrl, dir)).applied).toEqual([]);
  });

  it('rolls back a failing migration completely and leaves no bookkeeping row', async () => {
    const broken = path.join(dir, '99991231000000_broken');
    await cp(path.join(dir, (await readMigrations(dir))[0]!.name), broken, { recursive: true });
    await writeFile(
      path.join(broken, 'migration.sql'),
      'CREATE TABLE "ShouldVanish" (id int);\nSELECT * FROM "no_such_table";\n',
    );
    try {
      await expect(migrate(db.ownerUrl, dir)).rejects.toThrow(/"99991231000000_broken" failed and was rolled back/);
      const tables = await query(
        db.ownerUrl,
        `SELECT 1 FROM information_schema.tables WHERE table_name = 'ShouldVanish'`,
      );
      expect(tables).toHaveLength(0);
      const rows = await query(
        db.ownerUrl,
        `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '99991231000000_broken'`,
      );
      expect(rows).toHaveLength(0);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
