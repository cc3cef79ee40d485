import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import type { PrismaClient } from '../src/generated/prisma/client';
import type { CalendarService } from '../src/calendar/calendarService';
import type { Logger } from '../src/logger';
import {
  evaluateChange,
  evaluateChanges,
  evaluateBatch,
  scanIds,
  SCAN_KINDS,
  type ScanKind,
  type ReconcileTotals,
} from '../src/flags/evaluate';
import { noticesQueued } from '../src/flags/flagStore';
import { dueIds, prepareDueScan } from '../src/flags/dueStore';
import { dayOfWeek } from '../src/domain/dates';
import type { Clock } from '../src/time/clock';
import {
  JOBS,
  evaluateProviderJob,
  type EvaluateSubjectPayload,
  type EvaluateChangesPayload,
  type EvaluateProviderPayload,
  type NightlyScanPayload,
  type ScanPagePayload,
  type DeliverWebhookPayload,
  FULL_SCAN_WEEKDAY,
} from '../src/jobs/registry';

export interface FlagWorkerDeps {
  prisma: PrismaClient;
  calendars: CalendarService;
  log: Logger;
  flags: Queue;
  notifications: Queue;
  clock: Clock;
  /** How long a provider's deferred evaluation waits (default PROVIDER_EVALUATION_DELAY_MS; tests set it). */
  providerDelayMs?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}$/;
export const SCAN_PAGE_SIZE = 500;

/** One processor for the flags queue, switching on the job name from the registry. */
export function flagProcessor(deps: FlagWorkerDeps) {
  return async (job: Job) => {
    switch (job.name) {
      case JOBS.evaluateSubject:
        return evaluateSubjectJob(deps, job.data as EvaluateSubjectPayload);
      case JOBS.evaluateChanges:
        return evaluateChangesJob(deps, job.data as EvaluateChangesPayload);
      case JOBS.evaluateProvider:
        return providerJob(deps, job.data as EvaluateProviderPayload);
      case JOBS.nightlyScan:
        return startScan(deps, job.data as NightlyScanPayload);
      case JOBS.scanPage:
        return scanPage(deps, job.data as ScanPagePayload);
      default:
        throw new UnrecoverableError(`unknown job name ${job.name}`);
    }
  };
}

/**
 * Queues a webhook for each urgent flag this evaluation opened, or an earlier attempt opened and died before
 * queueing (the notice is pending in the Flag row, written with the opening): one job per opening (its id),
 * however many attempts or evaluations see it. Then the notices stop being pending.
 */
async function notifyOpened(deps: FlagWorkerDeps, totals: ReconcileTotals) {
  const urgent = totals.notices.filter((f) => f.severity === 'CRIT' || f.severity === 'HIGH');
  if (urgent.length)
    await deps.notifications.addBulk(
      urgent.map((f) => ({
        name: JOBS.deliverWebhook,
        data: { flagId: f.id } satisfies DeliverWebhookPayload,
        opts: { jobId: `notify-${f.id}-${f.opening}` },
      })),
    );
  await noticesQueued(deps.prisma, totals.notices);
}

/**
 * The providers a change can move, each queued for one deferred, coalesced evaluation (evaluateProviderJob):
 * a provider written to twenty times a second is evaluated a few times a second, not twenty.
 */
const deferProviders = (deps: FlagWorkerDeps) => async (providerIds: string[]) => {
  await deps.flags.addBulk(providerIds.map((id) => evaluateProviderJob(id, deps.providerDelayMs)));
};

async function evaluateSubjectJob(deps: FlagWorkerDeps, p: EvaluateSubjectPayload) {
  if (!p || !UUID.test(p.aggregateId ?? '')) throw new UnrecoverableError('evaluate-subject needs an aggregate id');
  const totals = await evaluateChange(deps, p.aggregateType, p.aggregateId, deps.clock.today(), {
    deferProviders: deferProviders(deps),
  });
  await notifyOpened(deps, totals);
  return { opened: totals.opened.length, resolved: totals.resolved };
}

async function evaluateChangesJob(deps: FlagWorkerDeps, p: EvaluateChangesPayload) {
  if (
    !p ||
    !Array.isArray(p.changes) ||
    p.changes.length === 0 ||
    !p.changes.every((c) => UUID.test(c?.aggregateId ?? ''))
  )
    throw new UnrecoverableError('evaluate-changes needs a list of aggregate ids');
  const changes = p.changes.map((c) => ({ kind: c.aggregateType, id: c.aggregateId }));
  let providers = 0;
  const defer = deferProviders(deps);
  const totals = await evaluateChanges(deps, changes, deps.clock.today(), {
    deferProviders: async (ids) => {
      providers = ids.length;
      await defer(ids);
    },
  });
  await notifyOpened(deps, totals);
  return { changes: changes.length, opened: totals.opened.length, resolved: totals.resolved, providers };
}

/**
 * One provider's deferred evaluation, as of today, reading the database as it is when the job runs: it covers
 * every change committed before it started. Its openings are notified like any other evaluation's.
 */
async function providerJob(deps: FlagWorkerDeps, p: EvaluateProviderPayload) {
  if (!p || !UUID.test(p.providerId ?? '')) throw new UnrecoverableError('evaluate-provider needs a provider id');
  const totals = await evaluateBatch(deps, 'PROVIDER', [p.providerId], deps.clock.today());
  await notifyOpened(deps, totals);
  return { opened: totals.opened.length, resolved: totals.resolved };
}

async function startScan(deps: FlagWorkerDeps, p: NightlyScanPayload) {
  const asOf = p?.asOf ?? deps.clock.today();
  if (!ISO.test(asOf)) throw new UnrecoverableError(`nightly-scan asOf must be YYYY-MM-DD, got ${asOf}`);
  // Due-only: the subjects whose next-due date has come (issue 18 goal 4); weekly, or when asked, all of them.
  const full = p?.full ?? dayOfWeek(asOf) === FULL_SCAN_WEEKDAY;
  const prepared = full ? null : await prepareDueScan(deps.prisma, asOf);
  const run = await deps.prisma.scanRun.create({
    data: { asOf: new Date(`${asOf}T00:00:00Z`), pendingKinds: [...SCAN_KINDS], full },
  });
  await deps.flags.addBulk(
    SCAN_KINDS.map((kind) => ({
      name: JOBS.scanPage,
      data: {
        scanRunId: run.id,
        kind,
        asOf,
        afterId: null,
        ...(full ? {} : { due: { afterDue: null } }),
      } satisfies ScanPagePayload,
      opts: { jobId: `scan-${run.id}-${kind}-start` },
    })),
  );
  deps.log.info({ scanRunId: run.id, asOf, full, ...prepared }, 'nightly flag scan started');
  return { scanRunId: run.id, full };
}

/**
 * One page of the full scan: a few hundred records, so no job runs long enough to stall.
 * The next page's job id is derived from this page's last id, so a retried page (after a crash)
 * re-queues the same next page instead of a second one.
 */
async function scanPage(deps: FlagWorkerDeps, p: ScanPagePayload) {
  if (
    !p ||
    !UUID.test(p.scanRunId ?? '') ||
    !ISO.test(p.asOf ?? '') ||
    !(SCAN_KINDS as readonly string[]).includes(p.kind)
  )
    throw new UnrecoverableError('scan-page payload is malformed');
  const kind = p.kind as ScanKind;
  const page = p.due
    ? await dueIds(
        deps.prisma,
        kind,
        p.asOf,
        p.afterId && p.due.afterDue ? { due: p.due.afterDue, id: p.afterId } : null,
        SCAN_PAGE_SIZE,
      )
    : (await scanIds(deps.prisma, kind, p.afterId, SCAN_PAGE_SIZE)).map((id) => ({ id, due: null }));
  const ids = page.map((r) => r.id);
  const totals = ids.length
    ? await evaluateBatch(deps, kind, ids, p.asOf)
    : { opened: [], notices: [], resolved: 0, refreshed: 0 };
  await notifyOpened(deps, totals);
  await deps.prisma.$executeRaw`
    UPDATE "ScanRun" SET "evaluated" = "evaluated" + ${ids.length}, "raised" = "raised" + ${totals.opened.length}, "resolved" = "resolved" + ${totals.resolved}
     WHERE "id" = ${p.scanRunId}::uuid`;
  if (ids.length === SCAN_PAGE_SIZE) {
    const last = page[page.length - 1]!;
    const next: ScanPagePayload = { ...p, afterId: last.id, ...(p.due ? { due: { afterDue: last.due } } : {}) };
    await deps.flags.add(JOBS.scanPage, next, { jobId: `scan-${p.scanRunId}-${kind}-${last.id}` });
  } else {
    await deps.prisma.$executeRaw`
      UPDATE "ScanRun" SET "pendingKinds" = array_remove("pendingKinds", ${kind}),
             "finishedAt" = CASE WHEN cardinality(array_remove("pendingKinds", ${kind})) = 0 THEN now() ELSE "finishedAt" END
       WHERE "id" = ${p.scanRunId}::uuid`;
  }
  return { evaluated: ids.length };
}
