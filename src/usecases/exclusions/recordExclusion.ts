import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once, type Tx } from '../../record/idempotency';
import { invalid, notFound, ruleBlocked } from '../../errors';
import { authorise } from '../../access/permissions';
import { requireOwnOrganisation } from '../../access/scope';
import {
  daySixDate,
  ruleE1SuspensionCap,
  ruleE7HalfDaySteps,
  suspensionDaysByAcademicYear,
} from '../../domain/movements/exclusions';
import { thresholdOn } from '../../domain/flags/thresholds';
import { ruleConfigFor } from '../../rules/ruleConfig';
import { academicYearOf } from '../../domain/academicYear';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { eventDateProblem, fromDb, toDb, toDbOrNull } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { lockPupilInScope } from '../pupils/lockPupil';
import { suspensionShares } from '../../queries/suspensionYears';

/** DfE exclusion reason categories (school census). */
export const EXCLUSION_REASONS = [
  'PHYSICAL_ASSAULT_PUPIL',
  'PHYSICAL_ASSAULT_ADULT',
  'VERBAL_ABUSE_PUPIL',
  'VERBAL_ABUSE_ADULT',
  'BULLYING',
  'RACIST_ABUSE',
  'ABUSE_SEXUAL_ORIENTATION_GENDER',
  'ABUSE_DISABILITY',
  'SEXUAL_MISCONDUCT',
  'DRUG_ALCOHOL',
  'DAMAGE',
  'THEFT',
  'PERSISTENT_DISRUPTIVE',
  'INAPPROPRIATE_ONLINE',
  'WILFUL_SAFETY_BREACH',
  'OFFENSIVE_WEAPON',
  'OTHER',
] as const;

const common = {
  pupilId: uuid,
  schoolId: uuid,
  startDate: isoDate,
  reasonCategory: z.enum(EXCLUSION_REASONS, {
    message: `The reason must be one of the DfE categories: ${EXCLUSION_REASONS.join(', ')}.`,
  }),
  note: requiredText('A note'),
};
const suspensionSchema = z.object({ ...common, schoolDays: z.number() });
const permanentSchema = z.object(common);

/** Schools record their own exclusions; LA officers any school's of their LA (permission table). */
function authoriseExclusion(actor: Actor, schoolId: string) {
  requireOwnOrganisation(actor, authorise(actor, 'exclusion.record'), { schoolId });
}

/** The excluding school, in the caller's LA (authorisation is the permission table's, before this). */
export async function checkExcludingSchool(tx: Tx, actor: Actor, schoolId: string) {
  const school = await tx.school.findFirst({ where: { id: schoolId, laId: actor.laId } });
  if (!school) throw notFound('school');
  return school;
}

/**
 * Suspension: counted against the cap on suspension days in an academic year across all schools (rule
 * E1), each day in the year it falls in, in half days (rule E7).
 */
export async function recordSuspension(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'exclusion.record');
  const f = parseInput(suspensionSchema, input);
  authoriseExclusion(actor, f.schoolId);
  if (!ruleE7HalfDaySteps(f.schoolDays))
    throw invalid([
      {
        field: 'schoolDays',
        message: 'Suspensions are counted in half days: a lunchtime suspension is 0.5 (rule E7).',
      },
    ]);
  const cal = await deps.calendars.calendarFor(actor.laId);
  return once(deps.prisma, actor, clientKey, 'recordSuspension', f, async (tx) => {
    const school = await checkExcludingSchool(tx, actor, f.schoolId);
    const pupil = await lockPupilInScope(tx, actor, f.pupilId, 'exclusion.record');
    const dp = eventDateProblem(deps.clock, 'startDate', f.startDate, fromDb(pupil.dateOfBirth));
    if (dp) throw invalid([dp]);
    const academicYear = academicYearOf(f.startDate);
    const split = suspensionDaysByAcademicYear(
      await deps.calendars.calendarFor(school.laId),
      f.startDate,
      f.schoolDays,
    );
    const prior = await suspensionShares(
      tx,
      deps.calendars,
      pupil.id,
      split.map((y) => y.academicYear),
    );
    const rules = await ruleConfigFor(tx, actor.laId);
    const capDays = thresholdOn(rules, 'suspensionCapSchoolDays', f.startDate) ?? rules.values.suspensionCapSchoolDays;
    const cap = ruleE1SuspensionCap(prior, split, capDays);
    if (!cap.ok) throw ruleBlocked('E1', cap.message, { total: cap.total, academicYear: cap.academicYear });
    const created = await tx.exclusion.create({
      data: {
        pupilId: pupil.id,
        schoolId: f.schoolId,
        kind: 'SUSPENSION',
        startDate: toDb(f.startDate),
        schoolDays: f.schoolDays,
        reasonCategory: f.reasonCategory,
        academicYear,
        daySixDate: toDbOrNull(daySixDate(cal, 'SUSPENSION', f.startDate, f.schoolDays)),
      },
      select: { id: true },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: pupil.id,
      type: 'SUSPENSION_RECORDED',
      occurredOn: toDb(f.startDate),
      reason: f.note,
      exclusionId: created.id,
      data: {
        schoolId: f.schoolId,
        schoolDays: f.schoolDays,
        reasonCategory: f.reasonCategory,
        yearTotal: cap.totals.find((y) => y.academicYear === academicYear)?.schoolDays ?? 0,
        daysByAcademicYear: split.map((y) => ({ ...y })),
        yearTotals: cap.totals.map((y) => ({ ...y })),
      },
    });
    await writeOutbox(tx, 'exclusion.changed', 'EXCLUSION', created.id, actor.laId);
    await audit(tx, actor, 'exclusion.suspension', 'EXCLUSION', [created.id, pupil.id]);
    return { id: created.id };
  });
}

/** Permanent exclusion: starts the LA's day-6 clock (s19). */
export async function recordPermanentExclusion(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'exclusion.record');
  const f = parseInput(permanentSchema, input);
  authoriseExclusion(actor, f.schoolId);
  const cal = await deps.calendars.calendarFor(actor.laId);
  return once(deps.prisma, actor, clientKey, 'recordPermanentExclusion', f, async (tx) => {
    await checkExcludingSchool(tx, actor, f.schoolId);
    const pupil = await lockPupilInScope(tx, actor, f.pupilId, 'exclusion.record');
    const dp = eventDateProblem(deps.clock, 'startDate', f.startDate, fromDb(pupil.dateOfBirth));
    if (dp) throw invalid([dp]);
    const created = await tx.exclusion.create({
      data: {
        pupilId: pupil.id,
        schoolId: f.schoolId,
        kind: 'PERMANENT',
        startDate: toDb(f.startDate),
        reasonCategory: f.reasonCategory,
        academicYear: academicYearOf(f.startDate),
        daySixDate: toDbOrNull(daySixDate(cal, 'PERMANENT', f.startDate, null)),
      },
      select: { id: true },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: pupil.id,
      type: 'PERMANENT_EXCLUSION_RECORDED',
      occurredOn: toDb(f.startDate),
      reason: f.note,
      exclusionId: created.id,
      data: { schoolId: f.schoolId, reasonCategory: f.reasonCategory },
    });
    await writeOutbox(tx, 'exclusion.changed', 'EXCLUSION', created.id, actor.laId);
    await audit(tx, actor, 'exclusion.permanent', 'EXCLUSION', [created.id, pupil.id]);
    return { id: created.id };
  });
}
