/**
 * openPlacement as it was before issue 18 (main at 1daca6c, verbatim but for import paths and names): checks, then
 * one Prisma call per row (placement, event, outbox, audit). The reference the one-statement write is compared
 * with in tests/integration/oneStatementWrites.test.ts; not used by the service.
 */
import type {
  ApTier,
  CommissionerKind,
  PlacementReason,
  PlacementRegistration,
  SchoolType,
} from '../../src/generated/prisma/enums';
import type { Clock } from '../../src/time/clock';
import type { Actor } from '../../src/auth/actor';
import type { Tx } from '../../src/record/idempotency';
import type { SchoolCalendar } from '../../src/domain/calendar';
import type { Prisma } from '../../src/generated/prisma/client';
import { conflict, invalid, notFound, ruleProblemsBlocked, type FieldProblem } from '../../src/errors';
import { legalBasisFor } from '../../src/domain/movements/legalBasis';
import {
  ruleP1PlanProblems,
  ruleU4SafeguardingProblem,
  ruleV5PlacementIdentifier,
  ruleP1FullTimeWeekProblem,
} from '../../src/domain/movements/placementPlan';
import { ruleO1NoticeProblems, ruleP2NextReviewDue, type DirectionNotice } from '../../src/domain/movements/schedule';
import { appendPupilEvent } from '../../src/record/events';
import { writeOutbox } from '../../src/record/outbox';
import { audit } from '../../src/record/audit';
import { eventDateProblem, fromDb, toDb, toDbOrNull } from '../../src/usecases/dates';
import { lockPupilWhere } from '../../src/usecases/pupils/lockPupil';
import { ruleApplies } from '../../src/domain/law/applicability';
import { thresholdOn } from '../../src/domain/flags/thresholds';
import { ruleConfigFor } from '../../src/rules/ruleConfig';

interface PlacementFactsAsBefore {
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
 * write (permission table) and says which pupils it reaches (`pupilWhere`); the pupil is found first,
 * so a pupil out of reach answers like a missing one before any of its facts is checked.
 */
export async function openPlacementAsBefore(
  tx: Tx,
  actor: Actor,
  cal: SchoolCalendar,
  f: PlacementFactsAsBefore,
  pupilWhere: Prisma.PupilWhereInput,
  clock: Clock,
): Promise<string> {
  // Lock the pupil so concurrent placements are checked one after another (full-time week, overlaps).
  const pupil = await lockPupilWhere(tx, f.pupilId, pupilWhere);

  const provider = await tx.provider.findFirst({ where: { id: f.providerId, laId: actor.laId } });
  if (!provider) throw notFound('AP provider');
  let schoolType: { type: SchoolType } | null = null;
  if (f.commissionerKind === 'SCHOOL') {
    if (!f.commissioningSchoolId)
      throw invalid([{ field: 'commissioningSchoolId', message: 'Say which school commissions the placement.' }]);
    const school = await tx.school.findFirst({ where: { id: f.commissioningSchoolId, laId: actor.laId } });
    if (!school) throw notFound('commissioning school');
    schoolType = { type: school.type };
  } else if (f.commissioningSchoolId) {
    throw invalid([
      { field: 'commissioningSchoolId', message: 'An LA-commissioned placement has no commissioning school.' },
    ]);
  }

  // An off-site direction is judged by the rules in force on its first day for the directing school (§10.2).
  const rules = await ruleConfigFor(tx, actor.laId);
  const direction = f.reason === 'OFF_SITE_DIRECTION';
  const offSite = (ruleId: 'O1' | 'O4') =>
    direction &&
    ruleApplies(ruleId, f.startDate, { schoolType: schoolType?.type ?? null }, rules.commencements).applies;
  const problems: FieldProblem[] = [...ruleP1PlanProblems(f, { offSiteRulesApply: offSite('O4') })];
  const dob = fromDb(pupil.dateOfBirth);
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
  if (problems.length) throw invalid(problems);

  const u4 = ruleU4SafeguardingProblem(provider.kind, f.safeguardingConfirmedOn, f.startDate);
  if (u4) throw ruleProblemsBlocked([u4]);
  if (offSite('O1')) {
    const o1 = ruleO1NoticeProblems(
      cal,
      f.directionNoticeDate,
      f.directionNotice,
      f.startDate,
      thresholdOn(rules, 'offSiteNoticeSchoolDays', f.startDate) ?? rules.values.offSiteNoticeSchoolDays,
    );
    const [first, ...rest] = o1;
    if (first) throw ruleProblemsBlocked([first, ...rest]);
  }

  const overlapping = await tx.placement.findMany({
    where: {
      pupilId: pupil.id,
      OR: [{ endDate: null }, { endDate: { gte: toDb(f.startDate) } }],
    },
    select: { providerId: true, hoursPerWeek: true },
  });
  if (overlapping.some((p) => p.providerId === provider.id))
    throw conflict(
      'The pupil already has an open placement at this provider. Review or end it instead of opening another.',
    );
  const concurrent = overlapping.reduce((sum, p) => sum + Number(p.hoursPerWeek), 0);
  // The other placements may be ones the caller cannot read: the limit is named, their hours are not.
  const fullTime = ruleP1FullTimeWeekProblem(concurrent, f.hoursPerWeek);
  if (fullTime) throw ruleProblemsBlocked([fullTime]);

  const created = await tx.placement.create({
    data: {
      pupilId: pupil.id,
      providerId: provider.id,
      laId: actor.laId,
      commissionerKind: f.commissionerKind,
      commissioningSchoolId: f.commissioningSchoolId ?? null,
      reason: f.reason,
      reasonOther: f.reasonOther ?? null,
      legalBasis: basis.ok ? basis.legalBasis : 'S19_OTHER',
      tier: f.tier,
      ...(ident.ok ? ident.value : {}),
      startDate: toDb(f.startDate),
      plannedEndDate: toDbOrNull(f.plannedEndDate),
      hoursPerWeek: f.hoursPerWeek,
      registration: f.registration,
      objectives: f.objectives,
      reintegrationPlan: f.reintegrationPlan,
      readinessCriteria: f.readinessCriteria ?? null,
      maximumPeriodSchoolDays: f.maximumPeriodSchoolDays ?? null,
      registrationConfirmed: f.registrationConfirmed,
      safeguardingConfirmedOn: toDbOrNull(f.safeguardingConfirmedOn),
      safeguardingLead: f.safeguardingLead ?? null,
      informationSharedOn: toDbOrNull(f.informationSharedOn),
      laNotifiedOn: toDbOrNull(f.laNotifiedOn),
      reviewIntervalSchoolDays: f.reviewIntervalSchoolDays,
      nextReviewDue: toDb(ruleP2NextReviewDue(cal, f.startDate, f.reviewIntervalSchoolDays)),
      directionNoticeDate: toDbOrNull(f.directionNoticeDate),
      directionNotice: f.directionNotice ? { ...f.directionNotice } : undefined,
      ehcpLaNoticeDate: toDbOrNull(f.ehcpLaNoticeDate),
      previousPlacementId: f.previousPlacementId ?? null,
    },
    select: { id: true },
  });
  await appendPupilEvent(tx, actor, {
    pupilId: pupil.id,
    type: 'PLACEMENT_STARTED',
    occurredOn: toDb(f.startDate),
    reason: f.note,
    placementId: created.id,
    data: {
      providerId: provider.id,
      reason: f.reason,
      tier: f.tier,
      hoursPerWeek: f.hoursPerWeek,
      commissionerKind: f.commissionerKind,
      commissioningSchoolId: f.commissioningSchoolId ?? null,
      previousPlacementId: f.previousPlacementId ?? null,
    },
  });
  await writeOutbox(tx, 'placement.changed', 'PLACEMENT', created.id, actor.laId);
  await audit(tx, actor, 'placement.open', 'PLACEMENT', [created.id, pupil.id]);
  return created.id;
}
