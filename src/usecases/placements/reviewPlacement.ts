import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { invalid, type FieldProblem } from '../../errors';
import { ruleP2NextReviewDue } from '../../domain/movements/schedule';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { eventDateProblem, fromDb, fromDbOrNull, toDb } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { authorise } from '../../access/permissions';
import { lockPlacementInScope } from './lockPlacement';
import { closePlacement } from './closePlacement';

const schema = z.object({
  placementId: uuid,
  reviewDate: isoDate,
  outcome: z.enum(['CONTINUE', 'EXTEND', 'END']),
  newPlannedEndDate: isoDate.nullish(),
  notes: requiredText('Review notes'),
  destination: z
    .enum([
      'MAINSTREAM_SCHOOL',
      'SPECIAL_SCHOOL',
      'ANOTHER_AP',
      'POST16_EET',
      'NEET',
      'ELECTIVE_HOME_EDUCATION',
      'MOVED_OUT_OF_LA',
      'CHILDREN_MISSING_EDUCATION',
      'OTHER',
    ])
    .nullish(),
  destinationSchoolId: uuid.nullish(),
});

/** Records a review (rule P2): continue, extend with a new planned end, or end with a destination. */
export async function reviewPlacement(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'placement.update');
  const f = parseInput(schema, input);
  const cal = await deps.calendars.calendarFor(actor.laId);
  return once(deps.prisma, actor, clientKey, 'reviewPlacement', f, async (tx) => {
    const p = await lockPlacementInScope(tx, actor, f.placementId, { mustBeOpen: true });
    const problems: FieldProblem[] = [];
    const start = fromDb(p.startDate);
    if (f.reviewDate < start)
      problems.push({ field: 'reviewDate', message: `A review cannot be before the placement started (${start}).` });
    const last = fromDbOrNull(p.lastReviewDate);
    if (last && f.reviewDate < last)
      problems.push({ field: 'reviewDate', message: `A later review (${last}) is already recorded.` });
    const dp = eventDateProblem(deps.clock, 'reviewDate', f.reviewDate, fromDb(p.pupil.dateOfBirth));
    if (dp) problems.push(dp);
    if (f.outcome === 'EXTEND') {
      const current = fromDbOrNull(p.plannedEndDate) ?? start;
      if (!f.newPlannedEndDate)
        problems.push({ field: 'newPlannedEndDate', message: 'An extension needs the new planned end date.' });
      else if (f.newPlannedEndDate <= current)
        problems.push({
          field: 'newPlannedEndDate',
          message: `The new planned end must be after the current one (${current}).`,
        });
    } else if (f.newPlannedEndDate) {
      problems.push({ field: 'newPlannedEndDate', message: 'Only an extension sets a new planned end date.' });
    }
    if (f.outcome === 'END' && !f.destination)
      problems.push({ field: 'destination', message: 'Ending a placement at review needs the destination.' });
    if (f.outcome === 'END' && f.destination === 'ANOTHER_AP')
      problems.push({
        field: 'destination',
        message: 'To move the pupil to another AP, use endPlacement with the next placement.',
      });
    if (problems.length) throw invalid(problems);

    await tx.placementReview.create({
      data: {
        placementId: p.id,
        reviewDate: toDb(f.reviewDate),
        outcome: f.outcome,
        newPlannedEndDate: f.newPlannedEndDate ? toDb(f.newPlannedEndDate) : null,
        notes: f.notes,
      },
    });
    await tx.placement.update({
      where: { id: p.id },
      data: {
        lastReviewDate: toDb(f.reviewDate),
        nextReviewDue: toDb(ruleP2NextReviewDue(cal, f.reviewDate, p.reviewIntervalSchoolDays)),
        ...(f.outcome === 'EXTEND' ? { plannedEndDate: toDb(f.newPlannedEndDate!) } : {}),
      },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: p.pupilId,
      type: 'PLACEMENT_REVIEWED',
      occurredOn: toDb(f.reviewDate),
      reason: f.notes,
      placementId: p.id,
      data: { outcome: f.outcome, newPlannedEndDate: f.newPlannedEndDate ?? null },
    });
    if (f.outcome === 'END') {
      await closePlacement(
        tx,
        actor,
        cal,
        p,
        {
          endDate: f.reviewDate,
          destination: f.destination!,
          destinationSchoolId: f.destinationSchoolId,
          reason: f.notes,
        },
        deps.clock,
      );
    } else {
      await writeOutbox(tx, 'placement.changed', 'PLACEMENT', p.id, actor.laId);
      await audit(tx, actor, 'placement.review', 'PLACEMENT', [p.id, p.pupilId]);
    }
    return { id: p.id };
  });
}
