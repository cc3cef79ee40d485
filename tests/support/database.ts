import { randomBytes } from 'node:crypto';
import pg from 'pg';
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
  await admin((c) =>
    c.query(opts.empty ? `CREATE DATABASE "${name}"` : `CREATE DATABASE "${name}" TEMPLATE "${template}"`),
  );
  return {
    name,
    ownerUrl: withDatabase(env.ownerUrl, name),
    appUrl: withDatabase(env.appUrl, name),
    // FORCE ends the sessions still open in it (ap_owner holds pg_signal_backend: scripts/bringup/roles.sql).
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
