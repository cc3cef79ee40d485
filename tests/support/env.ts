/** Connection settings provided by `npm test` (scripts/bringup.mjs) for the throwaway databases. */
export function testEnv() {
  const { DATABASE_URL, APP_DATABASE_URL, REDIS_URL } = process.env;
  if (!DATABASE_URL || !REDIS_URL) {
    throw new Error(
      'DATABASE_URL and REDIS_URL are not set: run the suite with `npm test`, which brings up PostgreSQL and Redis.',
    );
  }
  return { ownerUrl: DATABASE_URL, appUrl: APP_DATABASE_URL ?? DATABASE_URL, redisUrl: REDIS_URL };
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
