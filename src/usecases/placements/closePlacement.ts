import { checkpointSchedule } from '../../domain/flags/thresholds';
import { ruleConfigFor } from '../../rules/ruleConfig';
import type { Destination } from '../../generated/prisma/enums';
import type { Clock } from '../../time/clock';
import type { Actor } from '../../auth/actor';
import type { Tx } from '../../record/idempotency';
import type { SchoolCalendar } from '../../domain/calendar';
import { invalid, notFound, type FieldProblem } from '../../errors';
import { reintegrationCheckpoints } from '../../domain/movements/reintegration';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { eventDateProblem, fromDb, toDb } from '../dates';
import type { lockPlacementInScope } from './lockPlacement';

type LockedPlacement = Awaited<ReturnType<typeof lockPlacementInScope>>;

const MAINSTREAM_TYPES = ['MAINTAINED', 'ACADEMY'] as const;

export interface CloseFacts {
  endDate: string;
  destination: Destination;
  destinationSchoolId?: string | null;
  destinationDetail?: string | null;
  reason: string;
}

/**
 * Ends an open placement with its destination. A return to a mainstream school starts a
 * reintegration with its follow-up checkpoints (rules R1, R2) and puts the pupil on that school's roll.
 */
export async function closePlacement(
  tx: Tx,
  actor: Actor,
  cal: SchoolCalendar,
  p: LockedPlacement,
  f: CloseFacts,
  clock: Clock,
) {
  const problems: FieldProblem[] = [];
  const start = fromDb(p.startDate);
  if (f.endDate < start)
    problems.push({ field: 'endDate', message: `The end date cannot be before the placement started (${start}).` });
  const dp = eventDateProblem(clock, 'endDate', f.endDate, fromDb(p.pupil.dateOfBirth));
  if (dp) problems.push(dp);
  const needsSchool = f.destination === 'MAINSTREAM_SCHOOL' || f.destination === 'SPECIAL_SCHOOL';
  if (needsSchool && !f.destinationSchoolId)
    problems.push({ field: 'destinationSchoolId', message: 'Say which school the pupil goes to.' });
  if (f.destination === 'OTHER' && !f.destinationDetail?.trim())
    problems.push({ field: 'destinationDetail', message: 'Describe the other destination.' });
  if (problems.length) throw invalid(problems);

  let school = null;
  if (needsSchool) {
    school = await tx.school.findFirst({ where: { id: f.destinationSchoolId!, laId: actor.laId } });
    if (!school) throw notFound('destination school');
    const isMainstream =
      (MAINSTREAM_TYPES as readonly string[]).includes(school.type) &&
      school.phase !== 'SPECIAL' &&
      school.phase !== 'ALTERNATIVE_PROVISION';
    if (f.destination === 'MAINSTREAM_SCHOOL' && !isMainstream)
      throw invalid([{ field: 'destinationSchoolId', message: `${school.name} is not a mainstream school.` }]);
    if (f.destination === 'SPECIAL_SCHOOL' && school.type !== 'SPECIAL' && school.phase !== 'SPECIAL')
      throw invalid([{ field: 'destinationSchoolId', message: `${school.name} is not a special school.` }]);
  }

  await tx.placement.update({
    where: { id: p.id },
    data: {
      status: 'ENDED',
      endDate: toDb(f.endDate),
      destination: f.destination,
      destinationSchoolId: school?.id ?? null,
      destinationDetail: f.destinationDetail ?? null,
    },
  });
  await appendPupilEvent(tx, actor, {
    pupilId: p.pupilId,
    type: 'PLACEMENT_ENDED',
    occurredOn: toDb(f.endDate),
    reason: f.reason,
    placementId: p.id,
    data: {
      destination: f.destination,
      destinationSchoolId: school?.id ?? null,
      destinationDetail: f.destinationDetail ?? null,
    },
  });

  let reintegrationId: string | null = null;
  if (f.destination === 'MAINSTREAM_SCHOOL' && school) {
    const returnDate = cal.nextSchoolDayOnOrAfter(addOneDay(f.endDate));
    const r = await tx.reintegration.create({
      data: {
        pupilId: p.pupilId,
        placementId: p.id,
        schoolId: school.id,
        startDate: toDb(returnDate),
        checkpoints: {
          // The LA's own follow-up windows (local measures, configurable per LA: domain.md §10.1).
          create: reintegrationCheckpoints(
            cal,
            returnDate,
            checkpointSchedule((await ruleConfigFor(tx, actor.laId)).values),
          ).map((c) => ({ ...c, dueDate: toDb(c.dueDate) })),
        },
      },
      select: { id: true },
    });
    reintegrationId = r.id;
    const onRoll = await tx.enrolment.findFirst({ where: { pupilId: p.pupilId, schoolId: school.id, endDate: null } });
    if (!onRoll) {
      await tx.enrolment.create({
        data: { pupilId: p.pupilId, schoolId: school.id, registration: 'SINGLE', startDate: toDb(returnDate) },
      });
    }
    await appendPupilEvent(tx, actor, {
      pupilId: p.pupilId,
      type: 'REINTEGRATION_STARTED',
      occurredOn: toDb(returnDate),
      reason: f.reason,
      placementId: p.id,
      reintegrationId,
      data: { schoolId: school.id },
    });
    await writeOutbox(tx, 'reintegration.changed', 'REINTEGRATION', reintegrationId, actor.laId);
  }
  await writeOutbox(tx, 'placement.changed', 'PLACEMENT', p.id, actor.laId);
  await writeOutbox(tx, 'pupil.changed', 'PUPIL', p.pupilId, actor.laId);
  await audit(tx, actor, 'placement.end', 'PLACEMENT', [p.id, p.pupilId]);
  return { reintegrationId };
}

export const addOneDay = (iso: string) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
