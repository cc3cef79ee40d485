import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { conflict, invalid, type FieldProblem } from '../../errors';
import { authorise } from '../../access/permissions';
import { requireOwnOrganisation } from '../../access/scope';
import { ruleF5ForbiddenRefusalGround } from '../../domain/fairAccess/refusal';
import { eventDateProblem, fromDb, toDb } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { lockDecisionInScope, recordReferralChange } from './shared';

const GROUNDS = [
  'CHALLENGING_BEHAVIOUR',
  'PREVIOUS_ATTENDANCE',
  'SUSPENSION_COUNT',
  'SEN_OR_DISABILITY',
  'SCHOOL_FULL',
  'OTHER',
] as const;

const schema = z.object({
  decisionId: uuid,
  outcome: z.enum(['ACCEPTED', 'REFUSED']),
  respondedOn: isoDate,
  refusalGrounds: z.array(z.enum(GROUNDS)).max(GROUNDS.length).default([]),
  reason: requiredText('The reason'),
  schoolHasHighProportionChallenging: z.boolean().nullish(),
});

/**
 * The allocated school accepts or refuses. A refusal on a ground the Code forbids (rule F5) is
 * recorded — it happened — and flagged through the outbox. One response per decision.
 */
export async function recordSchoolResponse(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  const may = authorise(actor, 'fairAccess.respond');
  const f = parseInput(schema, input);
  const grounds = [...new Set(f.refusalGrounds)];
  const shape: FieldProblem[] = [];
  if (f.outcome === 'REFUSED' && grounds.length === 0)
    shape.push({ field: 'refusalGrounds', message: 'A refusal must give its ground.' });
  if (f.outcome === 'ACCEPTED' && grounds.length)
    shape.push({ field: 'refusalGrounds', message: 'An acceptance has no refusal grounds.' });
  if (f.outcome === 'ACCEPTED' && f.schoolHasHighProportionChallenging != null)
    shape.push({
      field: 'schoolHasHighProportionChallenging',
      message: 'Only a refusal for challenging behaviour needs this.',
    });
  if (shape.length) throw invalid(shape);
  return once(deps.prisma, actor, clientKey, 'recordSchoolResponse', f, async (tx) => {
    const { referral: r, decision: d } = await lockDecisionInScope(tx, actor, f.decisionId, 'fairAccess.respond');
    if (!d.allocatedSchoolId || !d.allocatedSchool)
      throw invalid([
        { field: 'decisionId', message: 'This decision asked no school to admit, so there is nothing to respond to.' },
      ]);
    requireOwnOrganisation(actor, may, { schoolId: d.allocatedSchoolId });
    if (d.response)
      throw conflict(
        `${d.allocatedSchool.name} already responded to this decision (${d.response.outcome.toLowerCase()} on ${fromDb(d.response.respondedOn)}); a decision takes one response.`,
        { responseId: d.response.id },
      );
    if (r.current?.id !== d.id)
      throw conflict('This decision has been superseded; respond to the decision in force.', {
        currentDecisionId: r.current?.id ?? null,
      });
    if (r.status !== 'ALLOCATED') throw conflict('This referral is no longer waiting for the school.');
    const requestedOn = fromDb(d.meeting.meetingDate);
    if (f.respondedOn < requestedOn)
      throw invalid([
        {
          field: 'respondedOn',
          message: `The school cannot respond (${f.respondedOn}) before it was asked at the panel meeting (${requestedOn}).`,
        },
      ]);
    const dp = eventDateProblem(deps.clock, 'respondedOn', f.respondedOn, fromDb(r.pupil.dateOfBirth));
    if (dp) throw invalid([dp]);

    const forbiddenReasons =
      f.outcome === 'REFUSED' ? ruleF5ForbiddenRefusalGround(grounds, f.schoolHasHighProportionChallenging) : [];
    const resp = await tx.fairAccessSchoolResponse.create({
      data: {
        decisionId: d.id,
        referralId: r.id,
        schoolId: d.allocatedSchoolId,
        requestedOn: toDb(requestedOn),
        respondedOn: toDb(f.respondedOn),
        outcome: f.outcome,
        refusalGrounds: grounds,
        reason: f.reason,
        schoolHasHighProportionChallenging: f.schoolHasHighProportionChallenging ?? null,
        onForbiddenGround: forbiddenReasons.length > 0,
        recordedBy: actor.userId,
      },
      select: { id: true },
    });
    await recordReferralChange(
      tx,
      actor,
      r,
      {
        type: 'FAIR_ACCESS_SCHOOL_RESPONSE',
        occurredOn: f.respondedOn,
        reason: f.reason,
        data: {
          decisionId: d.id,
          schoolId: d.allocatedSchoolId,
          outcome: f.outcome,
          refusalGrounds: grounds,
          forbiddenGrounds: forbiddenReasons,
        },
      },
      'fairAccess.respond',
      [d.id, resp.id],
    );
    return { id: d.id, responseId: resp.id };
  });
}
