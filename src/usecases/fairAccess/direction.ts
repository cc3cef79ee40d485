import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { conflict, invalid, notFound, ruleBlocked, type FieldProblem } from '../../errors';
import { authorise } from '../../access/permissions';
import { referralScope } from '../../access/scope';
import { escalationBasis, escalationRouteFor, ruleF6AdjudicatorDeadline } from '../../domain/fairAccess/escalation';
import { eventDateProblem, fromDb, toDb, toDbOrNull } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { fapSettings } from '../../rules/fapSettings';
import { lockDecisionInScope, lockReferralInScope, recordReferralChange } from './shared';

const requestSchema = z.object({
  decisionId: uuid,
  requestedOn: isoDate,
  note: requiredText('A note'),
  /** Maintained community or voluntary-controlled school: the LA is the admission authority. */
  laIsAdmissionAuthority: z.boolean().default(false),
});

/**
 * After a refusal, or silence past the response window, the LA escalates by the route the school's type
 * requires (§4.5): an LA direction for a maintained school (rule F6), a request to the Secretary of State
 * for an academy (rule F7) — or, once CWSA 2026 s62 has commenced on the day the direction is sought, an
 * LA direction for an academy too. The route is derived, never chosen.
 */
export async function requestDirection(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'fairAccess.direction');
  const f = parseInput(requestSchema, input);
  return once(deps.prisma, actor, clientKey, 'requestDirection', f, async (tx) => {
    const { referral: r, decision: d } = await lockDecisionInScope(tx, actor, f.decisionId, 'fairAccess.direction');
    if (d.outcome === 'MANAGED_MOVE')
      throw invalid([
        {
          field: 'decisionId',
          message: 'A managed move is voluntary (§5.3): it cannot be directed. Record a new panel decision instead.',
        },
      ]);
    if (d.outcome !== 'ALLOCATE_SCHOOL' || !d.allocatedSchool)
      throw invalid([{ field: 'decisionId', message: 'Only an allocation to a school can be escalated.' }]);
    if (d.direction)
      throw conflict(`A direction has already been sought on this decision (${fromDb(d.direction.requestedOn)}).`, {
        directionId: d.direction.id,
      });
    if (r.current?.id !== d.id)
      throw conflict('This decision has been superseded; escalate the decision in force.', {
        currentDecisionId: r.current?.id ?? null,
      });
    if (r.status !== 'ALLOCATED') throw conflict('This referral is no longer waiting for the school.');
    const settings = await fapSettings(tx, actor.laId);
    // The route in force on the day the direction is sought: CWSA s62, once commenced, lets the LA direct an academy.
    const route = escalationRouteFor(d.allocatedSchool.type, f.laIsAdmissionAuthority, {
      on: f.requestedOn,
      commencements: settings.commencements,
    });
    if (!route)
      throw invalid([
        { field: 'decisionId', message: `${d.allocatedSchool.name} is not a school the protocol places in.` },
      ]);
    if (f.laIsAdmissionAuthority && d.allocatedSchool.type !== 'MAINTAINED')
      throw invalid([
        {
          field: 'laIsAdmissionAuthority',
          message: 'Only a maintained community or voluntary-controlled school has the LA as its admission authority.',
        },
      ]);

    const requestedOn = fromDb(d.meeting.meetingDate);
    const basis = escalationBasis(route.route, requestedOn, d.response, f.requestedOn, settings.windows);
    if (!basis.ok) {
      if (basis.reason === 'ACCEPTED')
        throw conflict(`${d.allocatedSchool.name} accepted the pupil; there is nothing to escalate.`);
      throw ruleBlocked(
        route.rule,
        `${d.allocatedSchool.name} has until ${basis.respondBy} to respond; a direction can be sought after a refusal or once that window has passed`,
        { respondBy: basis.respondBy },
      );
    }
    const problems: FieldProblem[] = [];
    if (d.response && f.requestedOn < fromDb(d.response.respondedOn))
      problems.push({
        field: 'requestedOn',
        message: `The direction cannot be sought (${f.requestedOn}) before the school refused (${fromDb(d.response.respondedOn)}).`,
      });
    const dp = eventDateProblem(deps.clock, 'requestedOn', f.requestedOn, fromDb(r.pupil.dateOfBirth));
    if (dp) problems.push(dp);
    if (problems.length) throw invalid(problems);

    const dir = await tx.fairAccessDirection.create({
      data: {
        decisionId: d.id,
        referralId: r.id,
        schoolId: d.allocatedSchool.id,
        route: route.route,
        basis: basis.basis,
        laIsAdmissionAuthority: route.laIsAdmissionAuthority,
        requestedOn: toDb(f.requestedOn),
        note: f.note,
        recordedBy: actor.userId,
      },
      select: { id: true },
    });
    await recordReferralChange(
      tx,
      actor,
      r,
      {
        type: 'FAIR_ACCESS_DIRECTION_REQUESTED',
        occurredOn: f.requestedOn,
        reason: f.note,
        data: {
          decisionId: d.id,
          directionId: dir.id,
          schoolId: d.allocatedSchool.id,
          route: route.route,
          basis: basis.basis,
        },
      },
      'fairAccess.direction.request',
      [d.id, dir.id],
    );
    return { id: dir.id };
  });
}

const outcomeSchema = z.object({
  directionId: uuid,
  outcome: z.enum(['DIRECTED', 'NOT_DIRECTED', 'SCHOOL_AGREED', 'WITHDRAWN']),
  outcomeOn: isoDate,
  adjudicatorReferredOn: isoDate.nullish(),
  note: requiredText('A note'),
});

/** How the escalation ended. An LA direction is only issued once the adjudicator window has passed (rule F6). */
export async function recordDirectionOutcome(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'fairAccess.direction');
  const f = parseInput(outcomeSchema, input);
  return once(deps.prisma, actor, clientKey, 'recordDirectionOutcome', f, async (tx) => {
    const found = await tx.fairAccessDirection.findFirst({
      where: { id: f.directionId, referral: referralScope(actor, 'fairAccess.direction') },
      select: { referralId: true },
    });
    if (!found) throw notFound('direction');
    const r = await lockReferralInScope(tx, actor, found.referralId, 'fairAccess.direction');
    const dir = await tx.fairAccessDirection.findUniqueOrThrow({ where: { id: f.directionId } });
    if (dir.outcome) throw conflict(`This direction's outcome is already recorded (${dir.outcome.toLowerCase()}).`);
    const settings = await fapSettings(tx, actor.laId);
    const requestedOn = fromDb(dir.requestedOn);
    const deadline = ruleF6AdjudicatorDeadline(
      { adjudicatorWindow: dir.route === 'LA_DIRECTION' && !dir.laIsAdmissionAuthority },
      requestedOn,
      settings.windows,
    );
    const problems: FieldProblem[] = [];
    if (f.outcomeOn < requestedOn)
      problems.push({
        field: 'outcomeOn',
        message: `The outcome (${f.outcomeOn}) cannot be before the direction was sought (${requestedOn}).`,
      });
    const dp = eventDateProblem(deps.clock, 'outcomeOn', f.outcomeOn, fromDb(r.pupil.dateOfBirth));
    if (dp) problems.push(dp);
    if (f.adjudicatorReferredOn) {
      if (!deadline)
        problems.push({
          field: 'adjudicatorReferredOn',
          message:
            'Only a school that is its own admission authority can refer an LA direction to the Schools Adjudicator.',
        });
      else if (
        f.adjudicatorReferredOn < requestedOn ||
        f.adjudicatorReferredOn > deadline ||
        f.adjudicatorReferredOn > f.outcomeOn
      )
        problems.push({
          field: 'adjudicatorReferredOn',
          message: `A referral to the adjudicator falls between the LA's notice (${requestedOn}) and the end of the school's window (${deadline}), and before the outcome.`,
        });
    }
    if (problems.length) throw invalid(problems);
    if (f.outcome === 'DIRECTED' && deadline && !f.adjudicatorReferredOn && f.outcomeOn <= deadline)
      throw ruleBlocked(
        'F6',
        `The school may refer the intended direction to the Schools Adjudicator until ${deadline}; the LA can direct after that`,
        { adjudicatorDeadline: deadline },
      );

    await tx.fairAccessDirection.update({
      where: { id: dir.id },
      data: {
        outcome: f.outcome,
        outcomeOn: toDb(f.outcomeOn),
        adjudicatorReferredOn: toDbOrNull(f.adjudicatorReferredOn),
        outcomeNote: f.note,
      },
    });
    await recordReferralChange(
      tx,
      actor,
      r,
      {
        type: 'FAIR_ACCESS_DIRECTION_OUTCOME',
        occurredOn: f.outcomeOn,
        reason: f.note,
        data: { directionId: dir.id, outcome: f.outcome, adjudicatorReferredOn: f.adjudicatorReferredOn ?? null },
      },
      'fairAccess.direction.outcome',
      [dir.id],
    );
    return { id: dir.id };
  });
}
