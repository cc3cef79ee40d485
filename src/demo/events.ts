import type { PupilEventType } from '../record/events';
import type { OutboxType, AggregateType } from '../record/outbox';
import { ruleR2ReintegrationStatus } from '../domain/movements/reintegration';
import type { Ctx, PupilRec } from './context';
import { at, maxDate } from './dates';
import { addCorrections } from './corrections';
import type { Rng } from './random';
import type { DemoActor, PupilEventRow } from './types';

/**
 * The timeline: one PupilEvent for every change, with the data the use cases write, recorded in
 * order; then an outbox event per pupil, placement, exclusion, reintegration and provider, unpublished,
 * so the workers evaluate everything on their first run.
 */

export interface Draft {
  pupil: PupilRec;
  type: PupilEventType;
  occurredOn: string;
  reason: string;
  data: PupilEventRow['data'];
  actor: DemoActor;
  placementId?: string;
  exclusionId?: string;
  reintegrationId?: string;
  correctsEventId?: string;
  /** Order among a pupil's events on the same day. */
  prio: number;
}

const PRIO: Partial<Record<PupilEventType, number>> = {
  PUPIL_REGISTERED: 0,
  ENROLLED: 1,
  SUSPENSION_RECORDED: 2,
  PERMANENT_EXCLUSION_RECORDED: 2,
  GOVERNOR_DECISION_RECORDED: 3,
  PLACEMENT_STARTED: 4,
  PLACEMENT_HOURS_CHANGED: 5,
  PLACEMENT_REVIEWED: 6,
  PLACEMENT_ENDED: 7,
  LEFT_ROLL: 8,
  REINTEGRATION_STARTED: 9,
  REINTEGRATION_CHECKPOINT_REPORTED: 10,
};

function groupBy<T>(items: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

function drafts(ctx: Ctx): Map<PupilRec, Draft[]> {
  const byId = new Map(ctx.pupils.map((p) => [p.row.id, p] as const));
  const out = new Map<PupilRec, Draft[]>(ctx.pupils.map((p) => [p, []]));
  const add = (pupilId: string, d: Omit<Draft, 'pupil' | 'prio'>) => {
    const pupil = byId.get(pupilId)!;
    out.get(pupil)!.push({ ...d, pupil, prio: PRIO[d.type] ?? 11 });
  };
  for (const p of ctx.pupils) {
    const first = p.enrolments[0];
    const registrar = first && first.startDate >= p.registeredOn ? ctx.schoolActor(p.la, first.schoolId) : p.la.officer;
    const r = p.row;
    add(r.id, {
      type: 'PUPIL_REGISTERED',
      occurredOn: p.registeredOn,
      reason: p.registrationNote,
      actor: registrar,
      data: {
        upnIsTemporary: r.upnIsTemporary ?? false,
        senStatus: r.senStatus ?? 'NONE',
        lookedAfter: r.lookedAfter ?? false,
        socialCareStatus: r.socialCareStatus ?? 'NONE',
        fsmEligible: r.fsmEligible ?? false,
      },
    });
    for (const e of p.enrolments) {
      const actor = ctx.schoolActor(p.la, e.schoolId);
      const reason =
        e.startDate < p.registeredOn
          ? 'On the school roll when the tracker went live.'
          : 'Admitted to the school roll.';
      add(r.id, {
        type: 'ENROLLED',
        occurredOn: e.startDate,
        reason,
        actor,
        data: { schoolId: e.schoolId, registration: e.registration ?? 'SINGLE', enrolmentId: e.id },
      });
      if (e.endDate && e.endCategory)
        add(r.id, {
          type: 'LEFT_ROLL',
          occurredOn: e.endDate,
          reason: e.endReason ?? 'Left the roll.',
          actor,
          data: { schoolId: e.schoolId, enrolmentId: e.id, category: e.endCategory },
        });
    }
  }
  const yearTotals = new Map<string, number>();
  for (const x of [...ctx.data.exclusions].sort((a, b) =>
    a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0,
  )) {
    const meta = ctx.exclusionMeta.get(x.id)!;
    if (x.kind === 'SUSPENSION') {
      const key = `${x.pupilId}:${x.academicYear}`;
      const total = (yearTotals.get(key) ?? 0) + (x.schoolDays ?? 0);
      yearTotals.set(key, total);
      add(x.pupilId, {
        type: 'SUSPENSION_RECORDED',
        occurredOn: x.startDate,
        reason: meta.note,
        actor: meta.actor,
        exclusionId: x.id,
        data: { schoolId: x.schoolId, schoolDays: x.schoolDays, reasonCategory: x.reasonCategory, yearTotal: total },
      });
    } else {
      add(x.pupilId, {
        type: 'PERMANENT_EXCLUSION_RECORDED',
        occurredOn: x.startDate,
        reason: meta.note,
        actor: meta.actor,
        exclusionId: x.id,
        data: { schoolId: x.schoolId, reasonCategory: x.reasonCategory },
      });
    }
    if (x.governorDecisionDate && meta.governorNote)
      add(x.pupilId, {
        type: 'GOVERNOR_DECISION_RECORDED',
        occurredOn: x.governorDecisionDate,
        reason: meta.governorNote,
        actor: meta.actor,
        exclusionId: x.id,
        data: { outcome: x.governorOutcome ?? 'PENDING' },
      });
  }
  const reviewsOf = groupBy(ctx.data.reviews, (r) => r.placementId);
  for (const pl of ctx.data.placements) {
    const meta = ctx.placementMeta.get(pl.id)!;
    const base = { placementId: pl.id };
    const initialHours = meta.hoursChange?.from ?? pl.hoursPerWeek;
    add(pl.pupilId, {
      ...base,
      type: 'PLACEMENT_STARTED',
      occurredOn: pl.startDate,
      reason: meta.startNote,
      actor: meta.startActor,
      data: {
        providerId: pl.providerId,
        reason: pl.reason,
        tier: pl.tier,
        hoursPerWeek: initialHours,
        commissionerKind: pl.commissionerKind,
        commissioningSchoolId: pl.commissioningSchoolId ?? null,
        previousPlacementId: pl.previousPlacementId ?? null,
      },
    });
    const h = meta.hoursChange;
    if (h)
      add(pl.pupilId, {
        ...base,
        type: 'PLACEMENT_HOURS_CHANGED',
        occurredOn: h.on,
        reason: h.reason,
        actor: meta.reviewActor,
        data: { from: h.from, to: h.to },
      });
    for (const r of reviewsOf.get(pl.id) ?? [])
      add(pl.pupilId, {
        ...base,
        type: 'PLACEMENT_REVIEWED',
        occurredOn: r.reviewDate,
        reason: r.notes,
        actor: meta.reviewActor,
        data: { outcome: r.outcome, newPlannedEndDate: r.newPlannedEndDate ?? null },
      });
    if (pl.endDate && pl.destination)
      add(pl.pupilId, {
        ...base,
        type: 'PLACEMENT_ENDED',
        occurredOn: pl.endDate,
        reason: meta.endNote ?? 'Placement ended.',
        actor: meta.endActor ?? meta.startActor,
        data: {
          destination: pl.destination,
          destinationSchoolId: pl.destinationSchoolId ?? null,
          destinationDetail: pl.destinationDetail ?? null,
        },
      });
  }
  const placementById = new Map(ctx.data.placements.map((p) => [p.id, p] as const));
  const checkpointsOf = groupBy(ctx.data.checkpoints, (c) => c.reintegrationId);
  for (const ri of ctx.data.reintegrations) {
    const pl = placementById.get(ri.placementId)!;
    const meta = ctx.placementMeta.get(pl.id)!;
    const la = byId.get(ri.pupilId)!.la;
    const ids = { placementId: pl.id, reintegrationId: ri.id };
    add(ri.pupilId, {
      ...ids,
      type: 'REINTEGRATION_STARTED',
      occurredOn: ri.startDate,
      reason: meta.endNote ?? 'Returned to school.',
      actor: meta.endActor ?? meta.startActor,
      data: { schoolId: ri.schoolId },
    });
    const cps = checkpointsOf.get(ri.id) ?? [];
    const reported = cps.filter((c) => c.reportedOn).sort((a, b) => (a.reportedOn! < b.reportedOn! ? -1 : 1));
    reported.forEach((c, i) => {
      const soFar = new Set(reported.slice(0, i + 1));
      const status = ruleR2ReintegrationStatus(
        cps.map((x) => ({
          label: x.label,
          dueDate: x.dueDate,
          isFinal: x.isFinal ?? false,
          outcome: soFar.has(x) ? (x.outcome ?? null) : null,
        })),
      );
      add(ri.pupilId, {
        ...ids,
        type: 'REINTEGRATION_CHECKPOINT_REPORTED',
        occurredOn: c.reportedOn!,
        reason: c.reason ?? 'Follow-up reported.',
        actor: ctx.schoolActor(la, ri.schoolId),
        data: { label: c.label, outcome: c.outcome ?? null, dueDate: c.dueDate, status },
      });
    });
  }
  return out;
}

/** Recorded-at times: during the working day the event happened (or on go-live for earlier facts), in order per pupil. */
function toRows(ctx: Ctx, rng: Rng, perPupil: Map<PupilRec, Draft[]>): PupilEventRow[] {
  const rows: { row: PupilEventRow; key: string }[] = [];
  let index = 0;
  for (const [p, list] of perPupil) {
    const eff = (d: Draft) => maxDate(d.occurredOn, p.registeredOn);
    list.sort((a, b) => (eff(a) < eff(b) ? -1 : eff(a) > eff(b) ? 1 : a.prio - b.prio));
    let prev = '';
    for (const d of list) {
      const day = eff(d);
      const bulk = day === ctx.historyStart && p.registeredOn === ctx.historyStart;
      let ts = bulk ? at(day, 7 * 60, index * 40) : at(day, day === ctx.today ? rng.int(360, 420) : rng.int(480, 1020));
      if (ts <= prev) ts = new Date(Date.parse(prev) + 60_000).toISOString();
      prev = ts;
      rows.push({ key: `${ts}|${String(index++).padStart(7, '0')}`, row: draftRow(ctx, d, ts) });
    }
  }
  return rows.sort((a, b) => (a.key < b.key ? -1 : 1)).map((x) => x.row);
}

export function draftRow(ctx: Ctx, d: Draft, recordedAt: string): PupilEventRow {
  return {
    id: ctx.id(),
    pupilId: d.pupil.row.id,
    type: d.type,
    occurredOn: d.occurredOn,
    recordedAt,
    actorId: d.actor.userId,
    actorRole: d.actor.role,
    actorOrgId: d.actor.orgId,
    reason: d.reason,
    data: d.data,
    placementId: d.placementId ?? null,
    exclusionId: d.exclusionId ?? null,
    reintegrationId: d.reintegrationId ?? null,
    correctsEventId: d.correctsEventId ?? null,
  };
}

export function buildEvents(ctx: Ctx): void {
  const rng = ctx.rng.fork('events');
  const rows = toRows(ctx, rng, drafts(ctx));
  ctx.data.pupilEvents.push(...addCorrections(ctx, rng, rows));
  const outbox = (type: OutboxType, aggregateType: AggregateType, aggregateId: string, laId: string) =>
    ctx.data.outbox.push({ type, aggregateType, aggregateId, laId });
  const laOfPupil = new Map(ctx.pupils.map((p) => [p.row.id, p.la.row.id] as const));
  for (const p of ctx.data.providers) outbox('provider.changed', 'PROVIDER', p.id, p.laId);
  for (const p of ctx.pupils) outbox('pupil.changed', 'PUPIL', p.row.id, p.la.row.id);
  for (const x of ctx.data.exclusions) outbox('exclusion.changed', 'EXCLUSION', x.id, laOfPupil.get(x.pupilId)!);
  for (const p of ctx.data.placements) outbox('placement.changed', 'PLACEMENT', p.id, p.laId);
  for (const r of ctx.data.reintegrations)
    outbox('reintegration.changed', 'REINTEGRATION', r.id, laOfPupil.get(r.pupilId)!);
}
