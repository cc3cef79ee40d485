import { z } from 'zod';
import type { CalendarService } from '../../calendar/calendarService';
import type { Actor } from '../../auth/actor';
import { once, type Tx } from '../../record/idempotency';
import { invalid, notFound, ruleBlocked } from '../../errors';
import { eventScope } from '../../access/scope';
import { authorise } from '../../access/permissions';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import {
  ruleE1SuspensionCap,
  ruleE7HalfDaySteps,
  daySixDate,
  suspensionDaysByAcademicYear,
} from '../../domain/movements/exclusions';
import { suspensionShares } from '../../queries/suspensionYears';
import { thresholdOn } from '../../domain/flags/thresholds';
import { ruleConfigFor } from '../../rules/ruleConfig';
import { FULL_TIME_HOURS_PER_WEEK } from '../../domain/movements/placementPlan';
import type { SchoolCalendar } from '../../domain/calendar';
import { eventDateProblem, fromDb, toDb, toDbOrNull } from '../dates';
import { academicYearOf } from '../../domain/academicYear';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';

const schema = z.object({
  eventId: uuid,
  correction: z.record(z.string(), z.unknown()),
  reason: requiredText('A reason for the correction'),
});

// What each event type lets a correction change; other events take a corrected note only.
export const correctable = {
  PLACEMENT_STARTED: z
    .object({
      startDate: isoDate,
      plannedEndDate: isoDate.nullable(),
      tier: z.enum(['TIER_1_TARGETED_SUPPORT', 'TIER_2_TIME_LIMITED', 'TIER_3_TRANSITIONAL']),
      hoursPerWeek: z.number().gt(0).max(FULL_TIME_HOURS_PER_WEEK),
    })
    .partial()
    .strict(),
  PLACEMENT_ENDED: z
    .object({ endDate: isoDate, destinationDetail: z.string().max(500) })
    .partial()
    .strict(),
  SUSPENSION_RECORDED: z.object({ startDate: isoDate, schoolDays: z.number() }).partial().strict(),
  PERMANENT_EXCLUSION_RECORDED: z.object({ startDate: isoDate }).partial().strict(),
} as const;
const noteOnly = z.object({ note: z.string().min(1) }).strict();

/**
 * A correction is a new event pointing at the one it corrects; the original is never changed.
 * Where the corrected fact drives the current record (a start date, suspension length), the record follows.
 */
export async function correctEvent(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'timeline.correct');
  const f = parseInput(schema, input);
  const cal = await deps.calendars.calendarFor(actor.laId);
  return once(deps.prisma, actor, clientKey, 'correctEvent', f, async (tx) => {
    // Who may correct what is the owning organisation's (permission table): an event outside that
    // answers exactly like a missing one, before its type or fields are looked at.
    // The event's pupil only narrows the scope's look-ups; the scope alone decides (a missing event and one
    // outside the scope both answer NOT_FOUND below).
    const about = await tx.pupilEvent.findUnique({ where: { id: f.eventId }, select: { pupilId: true } });
    const ev = about
      ? await tx.pupilEvent.findFirst({
          where: {
            AND: [
              {
                id: f.eventId,
                pupil: { OR: [{ homeLaId: actor.laId }, { placements: { some: { laId: actor.laId } } }] },
              },
              await eventScope(tx, actor, 'timeline.correct', about.pupilId),
            ],
          },
          include: { pupil: true },
        })
      : null;
    if (!ev) throw notFound('timeline event');
    await tx.$queryRaw`SELECT id FROM "Pupil" WHERE id = ${ev.pupilId}::uuid FOR UPDATE`;
    const shape = (correctable as Record<string, z.ZodType>)[ev.type] ?? noteOnly;
    const parsed = shape.safeParse(f.correction);
    if (!parsed.success || Object.keys(parsed.data as object).length === 0) {
      const allowed = Object.keys((shape as z.ZodObject).shape).join(', ');
      throw invalid([{ field: 'correction', message: `A ${ev.type} event can be corrected in: ${allowed}.` }]);
    }
    const c = parsed.data as Record<string, unknown>;
    const dob = fromDb(ev.pupil.dateOfBirth);
    for (const k of ['startDate', 'endDate'] as const) {
      if (typeof c[k] === 'string') {
        const p = eventDateProblem(deps.clock, `correction.${k}`, c[k] as string, dob, 'planned');
        if (p) throw invalid([p]);
      }
    }
    const applied = await applyToRecord(tx, cal, deps.calendars, actor, ev, c);
    const id = await appendPupilEvent(tx, actor, {
      pupilId: ev.pupilId,
      type: 'CORRECTION',
      occurredOn: ev.occurredOn,
      reason: f.reason,
      correctsEventId: ev.id,
      placementId: ev.placementId ?? undefined,
      exclusionId: ev.exclusionId ?? undefined,
      reintegrationId: ev.reintegrationId ?? undefined,
      data: { correctedType: ev.type, correction: c as never, appliedToRecord: applied },
    });
    if (ev.placementId) await writeOutbox(tx, 'placement.changed', 'PLACEMENT', ev.placementId, actor.laId);
    if (ev.exclusionId) await writeOutbox(tx, 'exclusion.changed', 'EXCLUSION', ev.exclusionId, actor.laId);
    await audit(tx, actor, 'timeline.correct', 'PUPIL_EVENT', [id, ev.id, ev.pupilId]);
    return { id };
  });
}

type EventRow = { type: string; placementId: string | null; exclusionId: string | null; pupilId: string };

async function applyToRecord(
  tx: Tx,
  cal: SchoolCalendar,
  calendars: CalendarService,
  actor: Actor,
  ev: EventRow,
  c: Record<string, unknown>,
): Promise<boolean> {
  if ((ev.type === 'PLACEMENT_STARTED' || ev.type === 'PLACEMENT_ENDED') && ev.placementId) {
    const p = await tx.placement.findUniqueOrThrow({ where: { id: ev.placementId } });
    const start = (c.startDate as string | undefined) ?? fromDb(p.startDate);
    const end = (c.endDate as string | undefined) ?? (p.endDate ? fromDb(p.endDate) : null);
    if (end && end < start)
      throw invalid([{ field: 'correction', message: 'The corrected dates would put the end before the start.' }]);
    if (ev.type === 'PLACEMENT_ENDED' && !p.endDate)
      throw invalid([{ field: 'correction', message: 'This placement is open again; its end cannot be corrected.' }]);
    await tx.placement.update({
      where: { id: p.id },
      data: {
        startDate: toDb(start),
        ...(c.plannedEndDate !== undefined ? { plannedEndDate: toDbOrNull(c.plannedEndDate as string | null) } : {}),
        ...(c.tier ? { tier: c.tier as never } : {}),
        ...(c.hoursPerWeek ? { hoursPerWeek: c.hoursPerWeek as number } : {}),
        ...(c.endDate ? { endDate: toDb(c.endDate as string) } : {}),
        ...(c.destinationDetail ? { destinationDetail: c.destinationDetail as string } : {}),
      },
    });
    return true;
  }
  if ((ev.type === 'SUSPENSION_RECORDED' || ev.type === 'PERMANENT_EXCLUSION_RECORDED') && ev.exclusionId) {
    const ex = await tx.exclusion.findUniqueOrThrow({ where: { id: ev.exclusionId } });
    const days = (c.schoolDays as number | undefined) ?? (ex.schoolDays === null ? null : Number(ex.schoolDays));
    const start = (c.startDate as string | undefined) ?? fromDb(ex.startDate);
    if (ex.kind === 'SUSPENSION') {
      if (!ruleE7HalfDaySteps(days ?? 0))
        throw invalid([{ field: 'correction.schoolDays', message: 'Suspensions are counted in half days (rule E7).' }]);
      // A corrected suspension is re-split into the years its days now fall in, and capped again there.
      const school = await tx.school.findUniqueOrThrow({ where: { id: ex.schoolId }, select: { laId: true } });
      const split = suspensionDaysByAcademicYear(await calendars.calendarFor(school.laId), start, days ?? 0);
      const others = await suspensionShares(
        tx,
        calendars,
        ev.pupilId,
        split.map((y) => y.academicYear),
        ex.id,
      );
      const rules = await ruleConfigFor(tx, actor.laId);
      const cap = ruleE1SuspensionCap(
        others,
        split,
        thresholdOn(rules, 'suspensionCapSchoolDays', start) ?? rules.values.suspensionCapSchoolDays,
      );
      if (!cap.ok) throw ruleBlocked('E1', cap.message, { total: cap.total, academicYear: cap.academicYear });
    }
    await tx.exclusion.update({
      where: { id: ex.id },
      data: {
        startDate: toDb(start),
        academicYear: academicYearOf(start),
        schoolDays: days,
        daySixDate: toDbOrNull(daySixDate(cal, ex.kind, start, days)),
      },
    });
    return true;
  }
  return false;
}
