import { randomUUID } from 'node:crypto';
import type {
  ApTier,
  CommissionerKind,
  PlacementReason,
  PlacementRegistration,
  ProviderKind,
  SchoolType,
  SenStatus,
} from '../../generated/prisma/enums';
import type { Clock } from '../../time/clock';
import type { Actor } from '../../auth/actor';
import type { Tx } from '../../record/idempotency';
import type { SchoolCalendar } from '../../domain/calendar';
import { Prisma, type Placement } from '../../generated/prisma/client';
import { actorOrgId } from '../../auth/actor';
import { conflict, invalid, notFound, ruleProblemsBlocked, type FieldProblem } from '../../errors';
import { legalBasisFor } from '../../domain/movements/legalBasis';
import {
  ruleP1PlanProblems,
  ruleU4SafeguardingProblem,
  ruleV5PlacementIdentifier,
  ruleP1FullTimeWeekProblem,
} from '../../domain/movements/placementPlan';
import { ruleO1NoticeProblems, ruleP2NextReviewDue, type DirectionNotice } from '../../domain/movements/schedule';
import { eventDateProblem } from '../dates';
import { ruleApplies } from '../../domain/law/applicability';
import { thresholdOn } from '../../domain/flags/thresholds';
import { ruleConfigFromJson, ruleConfigJsonFields, type RuleConfigJson } from '../../rules/ruleConfig';
import { placementProblemAt } from './placementInput';

export interface PlacementFacts {
  pupilId: string;
  providerId: string;
  commissionerKind: CommissionerKind;
  commissioningSchoolId?: string | null;
  reason: PlacementReason;
  reasonOther?: string | null;
  tier: ApTier;
  providerUrn?: string | null;
  providerUkprn?: string | null;
  settingType?: string | null;
  startDate: string;
  plannedEndDate?: string | null;
  hoursPerWeek: number;
  registration: PlacementRegistration;
  objectives: string;
  reintegrationPlan: string;
  readinessCriteria?: string | null;
  maximumPeriodSchoolDays?: number | null;
  registrationConfirmed: boolean;
  safeguardingConfirmedOn?: string | null;
  safeguardingLead?: string | null;
  informationSharedOn?: string | null;
  laNotifiedOn?: string | null;
  reviewIntervalSchoolDays: number;
  directionNoticeDate?: string | null;
  directionNotice?: DirectionNotice | null;
  ehcpLaNoticeDate?: string | null;
  previousPlacementId?: string | null;
  note: string;
}

/**
 * Opens a placement inside the caller's transaction: the one path used by commissioning,
 * by a transfer between APs, and by a fair access panel's AP decision. The caller has authorised the
 * write (permission table) and says which pupils it reaches (`pupilReach`, a SQL condition on the pupil row `p`:
 * `pupilScopeSql`, or `REACHED_THROUGH_RECORD`); the pupil is found first,
 * so a pupil out of reach answers like a missing one before any of its facts is checked.
 */
export async function openPlacement(
  tx: Tx,
  actor: Actor,
  cal: SchoolCalendar,
  f: PlacementFacts,
  pupilReach: PupilReach,
  clock: Clock,
  /** Where the input nests the placement's own fields (`placement`), so a problem names the field sent. */
  placementAt: string | null = null,
): Promise<string> {
  return (await openPlacementRow(tx, actor, cal, f, pupilReach, clock, { placementAt })).id;
}

/** openPlacement, answering with the written row. */
export async function openPlacementRow(
  tx: Tx,
  actor: Actor,
  cal: SchoolCalendar,
  f: PlacementFacts,
  pupilReach: PupilReach,
  clock: Clock,
  opts: OpenOptions = {},
): Promise<Placement> {
  const at = placementProblemAt(opts.placementAt ?? null);
  // Lock the pupil so concurrent placements are checked one after another (full-time week, overlaps).
  if (!opts.pupilLocked) await tx.$queryRaw`SELECT id FROM "Pupil" WHERE id = ${f.pupilId}::uuid FOR UPDATE`;
  // Then, in one statement (a snapshot taken after the lock, so it sees what a concurrent placement committed):
  // the pupil if the caller reaches it, the provider, the school, the LA's rule settings and the pupil's
  // placements overlapping the start. Each is checked in the order the reads used to be made.
  const facts = await readFacts(tx, actor, f, pupilReach);
  const pupil = facts.pupil;
  if (!pupil) throw notFound('pupil');
  const provider = facts.provider;
  if (!provider) throw notFound('AP provider');
  let schoolType: { type: SchoolType } | null = null;
  if (f.commissionerKind === 'SCHOOL') {
    if (!f.commissioningSchoolId)
      throw invalid([{ field: 'commissioningSchoolId', message: 'Say which school commissions the placement.' }]);
    if (!facts.schoolType) throw notFound('commissioning school');
    schoolType = { type: facts.schoolType };
  } else if (f.commissioningSchoolId) {
    throw invalid([
      { field: 'commissioningSchoolId', message: 'An LA-commissioned placement has no commissioning school.' },
    ]);
  }

  // An off-site direction is judged by the rules in force on its first day for the directing school (§10.2).
  const rules = ruleConfigFromJson(facts);
  const direction = f.reason === 'OFF_SITE_DIRECTION';
  const offSite = (ruleId: 'O1' | 'O4') =>
    direction &&
    ruleApplies(ruleId, f.startDate, { schoolType: schoolType?.type ?? null }, rules.commencements).applies;
  const problems: FieldProblem[] = [...ruleP1PlanProblems(f, { offSiteRulesApply: offSite('O4') })];
  const dob = pupil.dateOfBirth;
  const dateProblem = eventDateProblem(clock, 'startDate', f.startDate, dob, 'planned');
  if (dateProblem) problems.push(dateProblem);
  const basis = legalBasisFor(f.reason, f.commissionerKind, pupil.senStatus);
  if (!basis.ok) problems.push({ field: 'reason', message: basis.message });
  const ident = ruleV5PlacementIdentifier(f, provider);
  if (!ident.ok) problems.push(ident.problem);
  if (f.registration === 'SINGLE_REGISTERED_AT_AP' && provider.kind === 'UNREGISTERED')
    problems.push({
      field: 'registration',
      message: 'A pupil cannot be registered at an unregistered provider; they stay on their school’s roll.',
    });
  if (f.registration === 'DUAL_REGISTERED' && provider.kind === 'UNREGISTERED')
    problems.push({
      field: 'registration',
      message:
        'Dual registration needs a registered school; at an unregistered provider the pupil stays on their school’s roll only.',
    });
  if (problems.length) throw invalid(problems.map(at));

  const u4 = ruleU4SafeguardingProblem(provider.kind, f.safeguardingConfirmedOn, f.startDate);
  if (u4) throw ruleProblemsBlocked([at(u4)]);
  if (offSite('O1')) {
    const o1 = ruleO1NoticeProblems(
      cal,
      f.directionNoticeDate,
      f.directionNotice,
      f.startDate,
      thresholdOn(rules, 'offSiteNoticeSchoolDays', f.startDate) ?? rules.values.offSiteNoticeSchoolDays,
    );
    const [first, ...rest] = o1.map(at);
    if (first) throw ruleProblemsBlocked([first, ...rest]);
  }

  const overlapping = facts.overlapping;
  if (overlapping.some((p) => p.providerId === provider.id))
    throw conflict(
      'The pupil already has an open placement at this provider. Review or end it instead of opening another.',
    );
  const concurrent = overlapping.reduce((sum, p) => sum + Number(p.hoursPerWeek), 0);
  // The other placements may be ones the caller cannot read: the limit is named, their hours are not.
  const fullTime = ruleP1FullTimeWeekProblem(concurrent, f.hoursPerWeek);
  if (fullTime) throw ruleProblemsBlocked([at(fullTime)]);

  const id = opts.id ?? randomUUID();
  const org = actorOrgId(actor);
  const identifiers = ident.ok ? ident.value : { providerUrn: null, providerUkprn: null, settingType: null };
  const eventData = {
    providerId: provider.id,
    reason: f.reason,
    tier: f.tier,
    hoursPerWeek: f.hoursPerWeek,
    commissionerKind: f.commissionerKind,
    commissioningSchoolId: f.commissioningSchoolId ?? null,
    previousPlacementId: f.previousPlacementId ?? null,
  };
  // One statement: the placement, its PLACEMENT_STARTED event, the outbox row, the audit row (and the caller's
  // extra CTEs: the idempotency key's answer). The database's own guards (no overlap at a provider, the full-time
  // week) still refuse a race past the checks above, and then nothing of it is written.
  const date = (d: string | null | undefined) => Prisma.sql`${d ?? null}::date`;
  const extra = opts.alsoWrite?.length ? Prisma.sql`${Prisma.join(opts.alsoWrite, ', ')},` : Prisma.empty;
  const rows = await tx.$queryRaw<Placement[]>`WITH ${extra}
    pl AS (
      INSERT INTO "Placement" (id, "pupilId", "providerId", "laId", "commissionerKind", "commissioningSchoolId", reason,
        "reasonOther", "legalBasis", tier, "providerUrn", "providerUkprn", "settingType", "startDate", "plannedEndDate",
        "hoursPerWeek", registration, objectives, "reintegrationPlan", "readinessCriteria", "maximumPeriodSchoolDays",
        "registrationConfirmed", "safeguardingConfirmedOn", "safeguardingLead", "informationSharedOn", "laNotifiedOn",
        "reviewIntervalSchoolDays", "nextReviewDue", "directionNoticeDate", "directionNotice", "ehcpLaNoticeDate",
        "previousPlacementId")
      VALUES (${id}::uuid, ${pupil.id}::uuid, ${provider.id}::uuid, ${actor.laId}::uuid,
        ${f.commissionerKind}::"CommissionerKind", ${f.commissioningSchoolId ?? null}::uuid, ${f.reason}::"PlacementReason",
        ${f.reasonOther ?? null}, ${basis.ok ? basis.legalBasis : 'S19_OTHER'}::"LegalBasis", ${f.tier}::"ApTier",
        ${identifiers.providerUrn}, ${identifiers.providerUkprn}, ${identifiers.settingType}, ${date(f.startDate)},
        ${date(f.plannedEndDate)}, ${f.hoursPerWeek}::numeric, ${f.registration}::"PlacementRegistration", ${f.objectives},
        ${f.reintegrationPlan}, ${f.readinessCriteria ?? null}, ${f.maximumPeriodSchoolDays ?? null}::int,
        ${f.registrationConfirmed}, ${date(f.safeguardingConfirmedOn)}, ${f.safeguardingLead ?? null},
        ${date(f.informationSharedOn)}, ${date(f.laNotifiedOn)}, ${f.reviewIntervalSchoolDays}::int,
        ${date(ruleP2NextReviewDue(cal, f.startDate, f.reviewIntervalSchoolDays))}, ${date(f.directionNoticeDate)},
        ${f.directionNotice ? JSON.stringify({ ...f.directionNotice }) : null}::jsonb, ${date(f.ehcpLaNoticeDate)},
        ${f.previousPlacementId ?? null}::uuid)
      RETURNING *),
    ev AS (
      INSERT INTO "PupilEvent" ("pupilId", type, "occurredOn", reason, data, "placementId", "actorId", "actorRole", "actorOrgId")
      SELECT pl."pupilId", 'PLACEMENT_STARTED', pl."startDate", ${f.note}, ${JSON.stringify(eventData)}::jsonb, pl.id,
        ${actor.userId}, ${actor.role}::"Role", ${org} FROM pl),
    ob AS (
      INSERT INTO "OutboxEvent" (type, "aggregateType", "aggregateId", "laId")
      SELECT 'placement.changed', 'PLACEMENT', pl.id, ${actor.laId}::uuid FROM pl),
    au AS (
      INSERT INTO "AuditEvent" ("actorId", "actorRole", "actorOrgId", "laId", operation, "subjectType", "subjectIds")
      SELECT ${actor.userId}, ${actor.role}, ${org}, ${actor.laId}::uuid, a.op, 'PLACEMENT', ARRAY[pl.id::text, pl."pupilId"::text]
      FROM pl, (VALUES (1, 'placement.open'), (2, 'placement.read')) AS a(n, op)
      WHERE a.n = 1 OR ${opts.auditRead ?? false} ORDER BY a.n)
    SELECT * FROM pl`;
  return rows[0]!;
}

export interface OpenOptions {
  /** The placement's id, when the caller needs it before the write (an idempotency key's answer). */
  id?: string;
  /** CTEs written by the same statement (e.g. `onceWithKeyCte`'s answer). */
  alsoWrite?: Prisma.Sql[];
  /** The caller answers with the written row: audit that read (`placement.read`) in the same statement. */
  auditRead?: boolean;
  /** Where the input nests the placement's own fields (`placement`), so a problem names the field sent. */
  placementAt?: string | null;
  /** The caller's transaction already holds the pupil's row lock (taken with the idempotency key). */
  pupilLocked?: boolean;
}

/**
 * Which pupils the caller reaches, as a SQL condition on the "Pupil" row aliased `p`: `pupilScopeSql(actor,
 * action)`, or `REACHED_THROUGH_RECORD` where the caller's authority over the pupil comes from another record
 * already found in scope (the placement a transfer ends, the referral a panel decides).
 */
export type PupilReach = Prisma.Sql;
export const REACHED_THROUGH_RECORD: PupilReach = Prisma.sql`TRUE`;

interface Facts extends RuleConfigJson {
  pupil: { id: string; dateOfBirth: string; senStatus: SenStatus } | null;
  provider: {
    id: string;
    kind: ProviderKind;
    urn: string | null;
    ukprn: string | null;
    settingType: string | null;
  } | null;
  schoolType: SchoolType | null;
  overlapping: { providerId: string; hoursPerWeek: number }[];
}

async function readFacts(tx: Tx, actor: Actor, f: PlacementFacts, reach: PupilReach): Promise<Facts> {
  const school = f.commissionerKind === 'SCHOOL' ? (f.commissioningSchoolId ?? null) : null;
  const rows = await tx.$queryRaw<{ facts: Facts | string }[]>`SELECT json_build_object(
    'pupil', (SELECT json_build_object('id', p.id, 'dateOfBirth', p."dateOfBirth", 'senStatus', p."senStatus")
      FROM "Pupil" p WHERE p.id = ${f.pupilId}::uuid AND ${reach}),
    'provider', (SELECT json_build_object('id', v.id, 'kind', v.kind, 'urn', v.urn, 'ukprn', v.ukprn,
        'settingType', v."settingType")
      FROM "Provider" v WHERE v.id = ${f.providerId}::uuid AND v."laId" = ${actor.laId}::uuid),
    'schoolType', (SELECT s.type FROM "School" s WHERE s.id = ${school}::uuid AND s."laId" = ${actor.laId}::uuid),
    'overlapping', (SELECT coalesce(json_agg(json_build_object('providerId', x."providerId",
        'hoursPerWeek', x."hoursPerWeek")), '[]'::json)
      FROM "Placement" x WHERE x."pupilId" = ${f.pupilId}::uuid
        AND (x."endDate" IS NULL OR x."endDate" >= ${f.startDate}::date)),
    ${ruleConfigJsonFields(actor.laId)}) AS facts`;
  const facts = rows[0]!.facts;
  return typeof facts === 'string' ? (JSON.parse(facts) as Facts) : facts;
}
