import type { PrismaClient } from '../generated/prisma/client';

/**
 * How many bytes of WAL the reports replica has received but not yet replayed behind the primary's
 * current position: what a report read there may be missing. Zero when reports read the primary.
 */
export async function replicaReplayLagBytes(primary: PrismaClient, replica: PrismaClient): Promise<number> {
  if (primary === replica) return 0;
  const [replayed] = await replica.$queryRaw<{ lsn: string | null }[]>`SELECT pg_last_wal_replay_lsn()::text AS lsn`;
  // A server not in recovery has no replay position: it is not a replica, so nothing lags.
  if (!replayed?.lsn) return 0;
  const [lag] = await primary.$queryRaw<{ bytes: number }[]>`
    SELECT GREATEST(pg_wal_lsn_diff(pg_current_wal_lsn(), ${replayed.lsn}::pg_lsn), 0)::float8 AS bytes`;
  return lag?.bytes ?? 0;
}
