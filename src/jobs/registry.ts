/**
 * The one registry of queues and job names. Payloads carry IDs only:
 * no names, dates of birth or other personal data ever reach Redis.
 */
export const QUEUES = {
  flags: 'flags',
  notifications: 'notifications',
  reports: 'reports',
  retention: 'retention',
  imports: 'imports',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  /** Re-evaluate the rules for one changed record (the relay's job before issue 18; still processed). */
  evaluateSubject: 'evaluate-subject',
  /**
   * Re-evaluate the rules for the changes of one relay tick together (from the outbox relay); the providers
   * they touch are handed on to evaluate-provider.
   */
  evaluateChanges: 'evaluate-changes',
  /** Re-evaluate one provider's rules, deferred and coalesced per provider (evaluateProviderJob below). */
  evaluateProvider: 'evaluate-provider',
  /** The nightly scan (due subjects only; a full sweep weekly or when asked): registers one job per page. */
  nightlyScan: 'nightly-scan',
  /** One page of the scan. */
  scanPage: 'scan-page',
  /** Deliver a signed webhook about a new high-severity flag. */
  deliverWebhook: 'deliver-webhook',
  /** Bring one LA's report rollups up to date (src/reports/rollups/refresh.ts). */
  refreshRollups: 'refresh-report-rollups',
  /** The nightly retention review: list pupils past retention, then queue the approved anonymisations. */
  retentionReview: 'retention-review',
  /** Anonymise one pupil whose anonymisation an LA officer approved (src/retention/anonymisePupil.ts). */
  anonymisePupil: 'anonymise-pupil',
  /** Check and apply one uploaded import file (src/import; the file waits in the database). */
  importBatch: 'import-batch',
} as const;

export type SubjectKind = 'PUPIL' | 'PLACEMENT' | 'EXCLUSION' | 'REINTEGRATION' | 'PROVIDER' | 'REFERRAL';

export interface EvaluateSubjectPayload {
  aggregateType: SubjectKind;
  aggregateId: string;
  outboxId: string;
}
/** One relay tick's outbox rows (ids only), evaluated together so one provider is evaluated once. */
export interface EvaluateChangesPayload {
  changes: { aggregateType: SubjectKind; aggregateId: string; outboxId: string }[];
}
export interface EvaluateProviderPayload {
  providerId: string;
}

/**
 * How long a provider's evaluation waits after the first change that asks for it. Changes to the provider
 * committed meanwhile join the waiting job (it reads the database when it runs), so a busy provider is
 * evaluated about once per this interval plus its run time, however fast placements are written there (issue
 * 18 goal 3: an unregistered provider's evaluation aggregates all its placements; with LISTEN/NOTIFY a relay
 * pass carries a few writes, so evaluating it per pass meant about once per write). Placement and pupil flags do
 * not wait for it (they are evaluated in the evaluate-changes job itself), but the provider's own flags do, and a
 * change arriving while the evaluation runs waits for it to finish and then for a second delay: at 250 ms the
 * provider's flags took p95 1.0–1.1 s at 20 writes/s to providers holding 2,000 open placements (bench:flags,
 * 6 Dec), over goal 3's 1 s. At 100 ms, p95 745 ms, with one evaluation for about two writes (318 for 600): each
 * evaluation still covers every write that arrived while it waited or the one before it ran.
 */
export const PROVIDER_EVALUATION_DELAY_MS = 100;

/**
 * One provider's deferred evaluation. Not a fixed job id (an id BullMQ still holds would swallow a later add
 * for good): deduplication by the provider's id instead. While the job waits or is delayed, adds join it; while
 * it is ACTIVE (it may have read the database before the newest change), one follow-up job is kept and created
 * when it finishes (keepLastIfActive), so no change goes unevaluated and one provider is never evaluated twice
 * at once, across worker processes too. The dedup key lives until the job completes or finally fails (retries
 * keep it: a retried attempt reads the database afresh), whatever removeOnComplete does with the job record.
 */
export const evaluateProviderJob = (providerId: string, delayMs: number = PROVIDER_EVALUATION_DELAY_MS) => ({
  name: JOBS.evaluateProvider,
  data: { providerId } satisfies EvaluateProviderPayload,
  opts: { delay: delayMs, deduplication: { id: `provider-${providerId}`, keepLastIfActive: true } },
});

export interface NightlyScanPayload {
  /** ISO date to evaluate as of; default today. */
  asOf?: string;
  /**
   * Evaluate every subject (the safety net), not only those whose next-due date has come. Default: on
   * FULL_SCAN_WEEKDAY, else due-only.
   */
  full?: boolean;
}
export interface ScanPagePayload {
  scanRunId: string;
  /** A subject kind, or FAIR_SHARE (pages of LAs for rule F8). */
  kind: SubjectKind | 'FAIR_SHARE';
  asOf: string;
  /** Keyset cursor: evaluate ids greater than this (after afterDue's, in a due-only scan). */
  afterId: string | null;
  /** A due-only scan pages in (next-due date, id) order; absent in a full scan. */
  due?: { afterDue: string | null };
}
export interface DeliverWebhookPayload {
  flagId: string;
}
export interface RetentionReviewPayload {
  /** ISO date to judge retention on; default today. */
  asOf?: string;
}
export interface AnonymisePupilPayload {
  /** The approved RetentionReview's id (never the pupil's details). */
  reviewId: string;
}
/** One job per review while it waits or runs: adding it again the next night is a no-op. */
export const anonymisePupilJob = (reviewId: string) => ({
  name: JOBS.anonymisePupil,
  data: { reviewId } satisfies AnonymisePupilPayload,
  opts: { jobId: `anonymise-${reviewId}` },
});

export interface RefreshRollupsPayload {
  laId: string;
}

/**
 * One refresh job per LA at a time: the job id is the LA's, and a finished or failed job is removed so
 * the id can be used again (BullMQ ignores an add whose id still exists). A failure is retried by the
 * next poll, since its changes stay pending.
 */
export const refreshRollupsJob = (laId: string) => ({
  name: JOBS.refreshRollups,
  data: { laId } satisfies RefreshRollupsPayload,
  opts: { jobId: `rollups-${laId}`, attempts: 1, removeOnComplete: true, removeOnFail: true },
});

export interface ImportBatchPayload {
  batchId: string;
}

/**
 * One job per import batch, under the batch's id (adding it twice is a no-op). A worker killed mid-import
 * leaves its transaction rolled back; the stalled job is retried and starts again from the stored file.
 */
export const importBatchJob = (batchId: string) => ({
  name: JOBS.importBatch,
  data: { batchId } satisfies ImportBatchPayload,
  opts: {
    jobId: `import-${batchId}`,
    attempts: 3,
    backoff: { type: 'exponential' as const, delay: 2000 },
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
});

export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential' as const, delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export const NIGHTLY_SCAN_SCHEDULER_ID = 'nightly-flag-scan';
/** 02:30 every night, UK time: after MIS overnight syncs, before the working day. */
export const NIGHTLY_SCAN_CRON = '30 2 * * *';
export const NIGHTLY_SCAN_TZ = 'Europe/London';
/** The nightly scan of this weekday (0 = Sunday) is a full sweep: every subject, whatever its next-due date. */
export const FULL_SCAN_WEEKDAY = 0;

export const RETENTION_REVIEW_SCHEDULER_ID = 'nightly-retention-review';
/** 03:30 every night, UK time: after the flag scan. */
export const RETENTION_REVIEW_CRON = '30 3 * * *';
