/**
 * Which errors mean "a service we depend on is unreachable" rather than "a bug": the one place
 * that decides, so GraphQL (graphql/formatError.ts, graphql/outagePlugin.ts) and plain HTTP routes
 * (http/app.ts) answer an outage as 503 SERVICE_UNAVAILABLE with Retry-After, and a load balancer
 * or client can tell the two apart.
 */
/** `network`: a bare socket error that does not say which server it was. */
export type Dependency = 'postgres' | 'redis' | 'network';

/** How long a client should wait before trying again (seconds); a restart usually takes about this. */
export const RETRY_AFTER_SECONDS = 5;

// Prisma: P1001 can't reach, P1002 timed out, P1008 operation timed out, P1017 server closed the
// connection, P2024 timed out waiting for a pooled connection (every connection attempt failing).
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// P2028 is Prisma's code for any interactive-transaction failure; only "could not start one in time" (every pooled
// connection busy past maxWait: an overloaded database, e.g. several API processes on one server) is an outage.
// Found by tests/integration/multiProcess.test.ts, where it was answered as a 500.
const PRISMA_POOL_BUSY = /Unable to start a transaction in the given time/i;
// Driver adapter error kinds (@prisma/adapter-pg) that mean the server is not there.
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
// SQLSTATE: class 08 connection exceptions; 57P01 admin shutdown, 57P02 crash shutdown,
// 57P03 cannot connect now (starting up, shutting down, in recovery); 53300 too many connections.
const PG_STATES = /^(08\d\d\d|57P0[123]|53300)$/;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const PG_MESSAGES =
  /Connection terminated|Can't reach database server|server closed the connection|the database system is (starting up|shutting down|in recovery)|terminating connection due to administrator command/i;
// ioredis: no connection with the offline queue off, retries exhausted, a closed connection;
// Redis itself: cannot persist (MISCONF), a replica (READONLY), loading its data set, no primary.
const REDIS_MESSAGES =
  /enableOfflineQueue|Reached the max retries per request|^Connection is closed|^(MISCONF|READONLY|LOADING|MASTERDOWN|CLUSTERDOWN)\b/;
const REDIS_NAMES = new Set(['MaxRetriesPerRequestError']);

interface ErrorLike {
  name?: string;
  message?: string;
  code?: unknown;
  kind?: unknown;
  meta?: { driverAdapterError?: { cause?: unknown } };
  cause?: unknown;
  originalError?: unknown;
  errors?: unknown[];
}

/** The dependency an error says is unreachable, or null when it is not an outage. */
export function outageOf(err: unknown, depth = 0): Dependency | null {
  if (!err || typeof err !== 'object' || depth > 6) return null;
  const e = err as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const prismaError = /^PrismaClient/.test(e.constructor?.name ?? '') || /^Prisma/.test(e.name ?? '');
  if (prismaError && PRISMA_CODES.has(code)) return 'postgres';
  if (prismaError && code === 'P2028' && PRISMA_POOL_BUSY.test(message)) return 'postgres';
  if (prismaError && /^PrismaClientInitializationError$/.test(e.name ?? e.constructor?.name ?? '')) return 'postgres';
  const adapterCause = e.meta?.driverAdapterError?.cause as { kind?: string; code?: string } | undefined;
  if (adapterCause && (ADAPTER_KINDS.has(adapterCause.kind ?? '') || PG_STATES.test(adapterCause.code ?? '')))
    return 'postgres';
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return 'postgres';
  if (PG_STATES.test(code) || PG_MESSAGES.test(message)) return 'postgres';
  if (REDIS_NAMES.has(e.name ?? '') || REDIS_MESSAGES.test(message)) return 'redis';
  if (NETWORK_CODES.has(code)) return 'network';
  for (const next of [e.cause, e.originalError, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const found = outageOf(next, depth + 1);
    if (found) return found;
  }
  return null;
}
