import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { testEnv, withDatabase } from './env';

export interface TestDatabase {
  name: string;
  /** Owner role: fixtures and admin checks. */
  ownerUrl: string;
  /** The application's least-privilege role, as the API uses it. */
  appUrl: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: withDatabase(testEnv().ownerUrl, 'postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A database of its own for one test file, copied from the migrated suite database
 * (CREATE DATABASE ... TEMPLATE), or empty when `empty` is set (migration tests).
 */
export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<TestDatabase> {
  const env = testEnv();
  const template = new URL(env.ownerUrl).pathname.slice(1);
  const name = `${template.slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(opts.empty ? `CREATE DATABASE "${name}"` : `CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    ownerUrl: withDatabase(env.ownerUrl, name),
    appUrl: withDatabase(env.appUrl, name),
    drop: () => admin((c) => dropWhenAppGone(c, name)),
  };
}

/**
 * ap_owner may not terminate ap_app's backends (only members of a role may), so DROP ... WITH (FORCE)
 * fails while a closing pool still holds an ap_app connection. Wait for those to go first (they are
 * already closing when a test file's afterAll runs), then force out the owner's own.
 */
async function dropWhenAppGone(c: pg.Client, name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await c.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND usename <> current_user',
      [name],
    );
    if (rows[0]!.n === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
