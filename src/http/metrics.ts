import client from 'prom-client';

// One registry per process; /metrics serves it.
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

export const httpRequests = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const graphqlOperations = new client.Counter({
  name: 'graphql_operations_total',
  help: 'GraphQL operations by name, type and outcome',
  labelNames: ['operation', 'type', 'outcome'] as const,
  registers: [registry],
});

export const queueDepth = new client.Gauge({
  name: 'queue_jobs',
  help: 'Jobs in each BullMQ queue by state',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
});

export const outboxBacklog = new client.Gauge({
  name: 'outbox_unpublished_events',
  help: 'Outbox rows not yet relayed to the queue',
  registers: [registry],
});

// Rollups stuck behind pending changes mean reports read live (slower, still correct): worth an alert.
export const rollupPending = new client.Gauge({
  name: 'report_rollup_pending_la_years',
  help: 'LA academic years with changes the report worker has not yet rolled up',
  registers: [registry],
});

export const rollupOldestPending = new client.Gauge({
  name: 'report_rollup_oldest_pending_seconds',
  help: 'Age of the oldest change waiting for a rollup refresh (0 when none)',
  registers: [registry],
});

// The nightly scan catches date-driven conditions; a scan that stopped finishing leaves them unflagged.
export const lastScanFinished = new client.Gauge({
  name: 'flag_scan_last_finished_timestamp_seconds',
  help: 'When the last nightly flag scan finished, as a Unix time (0 if none has)',
  registers: [registry],
});

// Reports read a replica when REPORTS_DATABASE_URL is set: how far its replay is behind the primary's WAL.
export const reportsReplicaLag = new client.Gauge({
  name: 'reports_replica_replay_lag_bytes',
  help: 'Bytes of WAL the reports replica has still to replay (0 without a replica)',
  registers: [registry],
});
