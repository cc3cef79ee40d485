/** What both benchmarks (run.ts, scan.ts) need: their options, one-off SQL, and a blank database. */
import pg from 'pg';

/** `--name value` from the command line, or the fallback. */
export const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};

/** One statement on a connection of its own (the throwaway database's owner). */
export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/** Every table emptied (migrations kept), so a scale is generated afresh. */
export async function resetData(ownerUrl: string) {
  const tables = await sql<{ tablename: string }>(
    ownerUrl,
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  );
  await sql(ownerUrl, `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} CASCADE`);
}
