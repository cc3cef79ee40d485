import { UnrecoverableError } from 'bullmq';
import type { PrismaClient } from '../generated/prisma/client';
import type { CalendarService } from '../calendar/calendarService';
import {
  evaluateFairShare,
  evaluatePlacement,
  evaluateProvider,
  evaluatePupil,
  evaluateReferral,
  FAIR_SHARE_RULES,
  PLACEMENT_RULES,
  PROVIDER_RULES,
  PUPIL_RULES,
  REFERRAL_RULES,
} from '../domain/flags/evaluate';
import { academicYearOf } from '../domain/academicYear';
import type { ResolvedThresholds } from '../domain/flags/thresholds';
import { ruleConfigsFor } from '../rules/ruleConfig';
import type { FlagCandidate } from '../domain/flags/types';
import {
  nextDueFairShare,
  nextDuePlacement,
  nextDueProvider,
  nextDuePupil,
  nextDueReferral,
} from '../domain/flags/nextDue';
import { soonest } from '../domain/flags/nextDue/support';
import { loadFairShareSnapshots, loadReferralSnapshots } from './referralSnapshots';
import { reconcileFlags, type EvaluatedScope, type ReconcileResult } from './flagStore';
import { loadPlacementSnapshots } from './snapshots/placements';
import { loadPupilSnapshots } from './snapshots/pupils';
import { loadProviderSnapshots } from './snapshots/providers';
import { BadDataError } from './snapshots/mapping';
import { basisFor, recordDue, type DueRow } from './dueStore';

/** FAIR_SHARE pages through LAs: rule F8 compares each school's share across its LA. */
export const SCAN_KINDS = ['PLACEMENT', 'PUPIL', 'PROVIDER', 'REFERRAL', 'FAIR_SHARE'] as const;
export type ScanKind = (typeof SCAN_KINDS)[number];
export type ChangeKind = 'PUPIL' | 'PLACEMENT' | 'EXCLUSION' | 'REINTEGRATION' | 'PROVIDER' | 'REFERRAL';
export type ReconcileTotals = ReconcileResult;

export interface EvaluationDeps {
  prisma: PrismaClient;
  calendars: CalendarService;
}

const ruleIds = (rules: readonly { ruleId: string }[]) => rules.map((r) => r.ruleId);
const RULES_OF: Record<ScanKind, string[]> = {
  PLACEMENT: ruleIds(PLACEMENT_RULES),
  PUPIL: ruleIds(PUPIL_RULES),
  PROVIDER: ruleIds(PROVIDER_RULES),
  REFERRAL: ruleIds(REFERRAL_RULES),
  FAIR_SHARE: ruleIds(FAIR_SHARE_RULES),
};

/** Each LA's thresholds: defaults tightened by its overrides, with the installation's commencements. */
const thresholdsFor = (prisma: PrismaClient, laIds: string[]): Promise<Map<string, ResolvedThresholds>> =>
  ruleConfigsFor(prisma, laIds);

/**
 * Evaluates a batch of one kind as of a date and reconciles the stored flags. Pupil-scope rules
 * may flag the pupil's exclusions and reintegrations, so they are owned by the pupil id.
 * Each subject's next-due date (src/domain/flags/nextDue) is stored with the flags, so the nightly
 * scan can skip it until then.
 */
export async function evaluateBatch(
  deps: EvaluationDeps,
  kind: ScanKind,
  ids: string[],
  asOf: string,
): Promise<ReconcileResult> {
  const { prisma, calendars } = deps;
  let candidates: FlagCandidate[] = [];
  let scopes: EvaluatedScope[];
  const due: DueRow[] = [];
  let basis: Map<string, string>;
  try {
    if (kind === 'PLACEMENT') {
      const snaps = await loadPlacementSnapshots(prisma, ids, asOf);
      const t = await thresholdsFor(prisma, [...new Set(snaps.map((s) => s.laId))]);
      basis = await basisFor(prisma, calendars, t);
      for (const s of snaps) {
        const cal = await calendars.calendarFor(s.laId);
        const found = evaluatePlacement(s, asOf, cal, t.get(s.laId)!);
        due.push({ id: s.id, laId: s.laId, nextDueOn: nextDuePlacement(s, asOf, cal, t.get(s.laId)!, found) });
        candidates.push(
          ...found.map((c) => ({
            ...c,
            pupilId: c.pupilId ?? s.pupilId,
            placementId: c.placementId ?? s.id,
            providerId: c.providerId ?? s.providerId,
            schoolId: c.schoolId ?? s.commissioningSchoolId ?? undefined,
          })),
        );
      }
      scopes = snaps.map((s) => ({ rules: RULES_OF.PLACEMENT, owner: 'subjectId', id: s.id }));
    } else if (kind === 'PUPIL') {
      const snaps = await loadPupilSnapshots(prisma, ids, asOf);
      const t = await thresholdsFor(prisma, [...new Set(snaps.map((s) => s.pupil.laId))]);
      basis = await basisFor(prisma, calendars, t);
      for (const s of snaps) {
        const cal = await calendars.calendarFor(s.pupil.laId);
        const found = evaluatePupil(s, asOf, cal, t.get(s.pupil.laId)!);
        due.push({
          id: s.pupil.id,
          laId: s.pupil.laId,
          nextDueOn: nextDuePupil(s, asOf, cal, t.get(s.pupil.laId)!, found),
        });
        candidates.push(...found.map((c) => ({ ...c, pupilId: s.pupil.id })));
      }
      scopes = snaps.map((s) => ({ rules: RULES_OF.PUPIL, owner: 'pupilId', id: s.pupil.id }));
    } else if (kind === 'REFERRAL') {
      const snaps = await loadReferralSnapshots(prisma, ids, asOf);
      const t = await thresholdsFor(prisma, [...new Set(snaps.map((s) => s.laId))]);
      basis = await basisFor(prisma, calendars, t);
      for (const s of snaps) {
        const cal = await calendars.calendarFor(s.laId);
        const found = evaluateReferral(s, asOf, cal, t.get(s.laId)!);
        due.push({ id: s.id, laId: s.laId, nextDueOn: nextDueReferral(s, asOf, cal, t.get(s.laId)!, found) });
        candidates.push(...found.map((c) => ({ ...c, pupilId: c.pupilId ?? s.pupilId })));
      }
      scopes = snaps.map((s) => ({ rules: RULES_OF.REFERRAL, owner: 'subjectId', id: s.id }));
    } else if (kind === 'FAIR_SHARE') {
      const t = await thresholdsFor(prisma, ids);
      basis = await basisFor(prisma, calendars, t);
      const year = academicYearOf(asOf);
      const las = new Set(
        (await prisma.localAuthority.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((l) => l.id),
      );
      for (const laId of ids) {
        if (!las.has(laId)) continue;
        const cal = await calendars.calendarFor(laId);
        const dates: (string | null)[] = [];
        for (const snap of await loadFairShareSnapshots(prisma, laId, year)) {
          const found = evaluateFairShare(snap, asOf, cal, t.get(laId)!);
          candidates.push(...found);
          dates.push(nextDueFairShare(snap, asOf, cal, t.get(laId)!, found));
        }
        due.push({ id: laId, laId, nextDueOn: soonest(asOf, dates) });
      }
      scopes = ids.map((laId) => ({ rules: RULES_OF.FAIR_SHARE, owner: 'laId', id: laId }));
    } else {
      let t = new Map<string, ResolvedThresholds>();
      const snaps = await loadProviderSnapshots(
        prisma,
        ids,
        asOf,
        async (las) => (t = await thresholdsFor(prisma, las)),
      );
      basis = await basisFor(prisma, calendars, t);
      for (const s of snaps) {
        const cal = await calendars.calendarFor(s.provider.laId);
        const found = evaluateProvider(s, asOf, cal, t.get(s.provider.laId)!);
        due.push({
          id: s.provider.id,
          laId: s.provider.laId,
          nextDueOn: nextDueProvider(s, asOf, cal, t.get(s.provider.laId)!, found),
        });
        candidates.push(...found.map((c) => ({ ...c, providerId: c.providerId ?? s.provider.id })));
      }
      scopes = snaps.map((s) => ({ rules: RULES_OF.PROVIDER, owner: 'subjectId', id: s.provider.id }));
    }
  } catch (err) {
    // Data the rules cannot read will not read better on a retry.
    if (err instanceof BadDataError) throw new UnrecoverableError(err.message);
    throw err;
  }
  candidates = candidates.map((c) => ({ ...c, schoolId: c.schoolId ?? undefined }));
  const result = await reconcileFlags(prisma, scopes, candidates);
  // After the flags, in the same job: a crash in between is retried, and the retry writes both.
  await recordDue(prisma, kind, ids, due, asOf, basis);
  return result;
}

function merge(a: ReconcileResult, b: ReconcileResult): ReconcileResult {
  return {
    opened: [...a.opened, ...b.opened],
    notices: [...a.notices, ...b.notices],
    refreshed: a.refreshed + b.refreshed,
    resolved: a.resolved + b.resolved,
  };
}

export type Targets = Record<ScanKind, Set<string>>;

export interface ChangeOptions {
  /**
   * Given, the providers the changes can move are handed to it instead of evaluated here: the flag worker
   * queues one deferred, coalesced evaluation per provider (evaluateProviderJob), so a busy provider's
   * aggregate is not recomputed per write and the changes' placement and pupil flags do not wait behind it.
   * Without it (tests, one-off callers) every target is evaluated here, as before.
   */
  deferProviders?: (providerIds: string[]) => Promise<void>;
}

/** A change to one record re-evaluates every subject whose flags it can move. */
export async function evaluateChange(
  deps: EvaluationDeps,
  kind: ChangeKind,
  id: string,
  asOf: string,
  opts: ChangeOptions = {},
): Promise<ReconcileResult> {
  return evaluateChanges(deps, [{ kind, id }], asOf, opts);
}

/**
 * The changes of one relay tick, evaluated together: the subjects they can move are collected into one
 * set per kind first, so ten placement changes at one provider evaluate that provider once, not ten times
 * (each evaluation reads the database as it is now, so one covers every change committed before it).
 * `opts.deferProviders` takes the providers out, to be evaluated later and coalesced across ticks.
 */
export async function evaluateChanges(
  deps: EvaluationDeps,
  changes: readonly { kind: ChangeKind; id: string }[],
  asOf: string,
  opts: ChangeOptions = {},
): Promise<ReconcileResult> {
  const targets: Targets = {
    PLACEMENT: new Set(),
    PUPIL: new Set(),
    PROVIDER: new Set(),
    REFERRAL: new Set(),
    FAIR_SHARE: new Set(),
  };
  await collectTargets(deps.prisma, changes, targets);
  if (opts.deferProviders && targets.PROVIDER.size) {
    // Handed on before the rest is evaluated, so the deferral's delay runs meanwhile. The provider rules read
    // placements, pupils and the provider, never flags, so the order of the two evaluations cannot matter.
    await opts.deferProviders([...targets.PROVIDER]);
    targets.PROVIDER.clear();
  }
  let total: ReconcileResult = { opened: [], notices: [], refreshed: 0, resolved: 0 };
  for (const k of SCAN_KINDS) {
    if (targets[k].size) total = merge(total, await evaluateBatch(deps, k, [...targets[k]], asOf));
  }
  return total;
}

/**
 * The subjects a batch of changes can move, found set-wise: a few statements per batch whatever its size (one
 * or two per change made a relay pass's cost grow with the writes it carried).
 */
export async function collectTargets(
  prisma: PrismaClient,
  changes: readonly { kind: ChangeKind; id: string }[],
  targets: Targets,
): Promise<void> {
  const idsOf = (kind: ChangeKind) => [...new Set(changes.filter((c) => c.kind === kind).map((c) => c.id))];
  const unknown = changes.find((c) => !CHANGE_KINDS.includes(c.kind));
  if (unknown) throw new UnrecoverableError(`unknown change kind ${String(unknown.kind)}`);
  const [placements, exclusions, reintegrations, referrals, atProviders] = await Promise.all([
    nonEmpty(idsOf('PLACEMENT'), (ids) =>
      prisma.placement.findMany({
        where: { id: { in: ids } },
        select: { id: true, pupilId: true, providerId: true, previousPlacementId: true },
      }),
    ),
    nonEmpty(idsOf('EXCLUSION'), (ids) =>
      prisma.exclusion.findMany({ where: { id: { in: ids } }, select: { pupilId: true } }),
    ),
    nonEmpty(idsOf('REINTEGRATION'), (ids) =>
      prisma.reintegration.findMany({ where: { id: { in: ids } }, select: { pupilId: true } }),
    ),
    nonEmpty(idsOf('REFERRAL'), (ids) =>
      prisma.fairAccessReferral.findMany({
        where: { id: { in: ids } },
        select: { id: true, laId: true, pupilId: true },
      }),
    ),
    nonEmpty(idsOf('PROVIDER'), (ids) =>
      prisma.placement.findMany({
        where: { providerId: { in: ids }, status: 'OPEN' },
        select: { id: true, pupilId: true },
      }),
    ),
  ]);
  for (const p of placements) {
    targets.PLACEMENT.add(p.id);
    if (p.previousPlacementId) targets.PLACEMENT.add(p.previousPlacementId);
    targets.PUPIL.add(p.pupilId);
    targets.PROVIDER.add(p.providerId);
  }
  // The pupil's other placements read this one's hours and dates (A5, E9: hours timetabled elsewhere).
  // The nightly scan no longer re-reads every placement, so they are evaluated with the change.
  const movedPupils = [...new Set(placements.map((p) => p.pupilId))];
  // A change to a pupil's record (or an exclusion or reintegration of theirs) moves the pupil's rules and
  // every placement of theirs, and so every provider they attend.
  const recordPupils = [
    ...new Set([...idsOf('PUPIL'), ...exclusions.map((x) => x.pupilId), ...reintegrations.map((x) => x.pupilId)]),
  ];
  const [siblings, ofRecordPupils] = await Promise.all([
    nonEmpty(movedPupils, (ids) =>
      prisma.placement.findMany({ where: { pupilId: { in: ids } }, select: { id: true } }),
    ),
    nonEmpty(recordPupils, (ids) =>
      prisma.placement.findMany({ where: { pupilId: { in: ids } }, select: { id: true, providerId: true } }),
    ),
  ]);
  for (const x of siblings) targets.PLACEMENT.add(x.id);
  for (const id of recordPupils) targets.PUPIL.add(id);
  for (const p of ofRecordPupils) {
    targets.PLACEMENT.add(p.id);
    targets.PROVIDER.add(p.providerId);
  }
  for (const id of idsOf('PROVIDER')) targets.PROVIDER.add(id);
  for (const p of atProviders) {
    targets.PLACEMENT.add(p.id);
    // U3 reads the kind of the settings a pupil attends.
    targets.PUPIL.add(p.pupilId);
  }
  for (const r of referrals) {
    targets.REFERRAL.add(r.id);
    // An admission or refusal moves the LA's fair shares (F8), and an AP decision the pupil's record.
    targets.FAIR_SHARE.add(r.laId);
    targets.PUPIL.add(r.pupilId);
  }
}

const CHANGE_KINDS: readonly ChangeKind[] = [
  'PUPIL',
  'PLACEMENT',
  'EXCLUSION',
  'REINTEGRATION',
  'PROVIDER',
  'REFERRAL',
];

/** `read(ids)`, or nothing without a statement when there are no ids. */
const nonEmpty = async <T>(ids: string[], read: (ids: string[]) => Promise<T[]>): Promise<T[]> =>
  ids.length ? read(ids) : [];

/**
 * Keyset paging for the nightly scan. Placements: open ones, plus any with a live flag (so a flag
 * whose condition cleared without a write still resolves). Pupils: all (rule M5 looks for pupils on
 * no roll at all). Providers, referrals and LAs (fair share): all.
 */
export async function scanIds(
  prisma: PrismaClient,
  kind: ScanKind,
  afterId: string | null,
  limit: number,
): Promise<string[]> {
  const after = afterId ?? '00000000-0000-0000-0000-000000000000';
  if (kind === 'PLACEMENT') {
    // Two ordered halves, each from its partial index, merged and cut to the page (one "OR EXISTS"
    // query walked every placement: see migration 20261203000000_scan_indexes). Ordered by the uuid
    // x.id, as the keyset compares (a bare "id" would sort the text alias by the collation, which need not agree).
    // DISTINCT: a placement with several live flags must fill one place in its half's page, not several.
    const rows = await prisma.$queryRaw<{ id: string }[]>`
      SELECT x.id::text AS id FROM (
        (SELECT p."id" FROM "Placement" p WHERE p."status" = 'OPEN' AND p."id" > ${after}::uuid ORDER BY p."id" LIMIT ${limit})
        UNION
        (SELECT DISTINCT f."subjectId" FROM "Flag" f
          WHERE f."subjectType" = 'PLACEMENT' AND f."status" IN ('OPEN', 'ACKNOWLEDGED') AND f."subjectId" > ${after}::uuid
          ORDER BY f."subjectId" LIMIT ${limit})
      ) x(id) ORDER BY x.id LIMIT ${limit}`;
    return rows.map((r) => r.id);
  }
  const page = { where: { id: { gt: after } }, orderBy: { id: 'asc' as const }, take: limit, select: { id: true } };
  const rows =
    kind === 'PUPIL'
      ? await prisma.pupil.findMany(page)
      : kind === 'PROVIDER'
        ? await prisma.provider.findMany(page)
        : kind === 'REFERRAL'
          ? await prisma.fairAccessReferral.findMany(page)
          : await prisma.localAuthority.findMany(page);
  return rows.map((r) => r.id);
}
