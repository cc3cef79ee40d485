import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import type { Tx } from '../../record/idempotency';
import { once } from '../../record/idempotency';
import { conflict, invalid, notFound, ruleBlocked, type FieldProblem } from '../../errors';
import { checkSupersedes } from '../../domain/fairAccess/supersede';
import {
  allocatedSchoolProblem,
  decisionShapeProblems,
  panelPlacementReasonProblem,
  REFERRAL_STATUS_AFTER,
  whoseTurnAllocation,
} from '../../domain/fairAccess/allocation';
import { fromDb, toDb } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps } from '../deps';
import { openPlacement, REACHED_THROUGH_RECORD } from '../placements/openPlacement';
import { placementInputSchema } from '../placements/placementInput';
import { authorise } from '../../access/permissions';
import { whoseTurnFor } from '../../queries/turnFacts';
import { lockReferralInScope, recordReferralChange, type LockedReferral } from './shared';

const schema = z.object({
  referralId: uuid,
  meetingId: uuid,
  outcome: z.enum(['ALLOCATE_SCHOOL', 'AP_PLACEMENT', 'MANAGED_MOVE', 'DEFER', 'NOT_ELIGIBLE', 'WITHDRAWN']),
  rationale: requiredText('The rationale'),
  decidedBy: requiredText('Who decided', 300),
  allocatedSchoolId: uuid.nullish(),
  admissionDeadline: isoDate.nullish(),
  deferredToMeetingId: uuid.nullish(),
  overrideReason: z.string().trim().max(2000).nullish(),
  supersedesDecisionId: uuid.nullish(),
  // The one placement input (the commission's); the decision supplies the pupil, the commissioner and the note.
  placement: placementInputSchema.nullish(),
});
type Input = z.infer<typeof schema>;

export interface DecisionWritten {
  id: string;
  referralId: string;
  placementId: string | null;
  [k: string]: string | null;
}

/**
 * Records a panel decision. Decisions are immutable: a change is a new decision superseding the one in
 * force. An AP placement opens the placement through the movements use case in the same transaction.
 */
export async function recordPanelDecision(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<DecisionWritten> {
  authorise(actor, 'fairAccess.casework');
  const f = parseInput(schema, input);
  const reason = f.placement ? panelPlacementReasonProblem(f.placement.reason) : null;
  const shape = [...decisionShapeProblems(f), ...(reason ? [reason] : [])];
  if (shape.length) throw invalid(shape);
  const cal = await deps.calendars.calendarFor(actor.laId);
  return once(deps.prisma, actor, clientKey, 'recordPanelDecision', f, async (tx) => {
    const r = await lockReferralInScope(tx, actor, f.referralId, 'fairAccess.casework');
    if (r.route !== 'PANEL')
      throw ruleBlocked(
        'F4',
        'This child is currently looked after: the LA places them with its own direction powers, not the panel',
      );
    if (r.status === 'ADMITTED' || r.status === 'PLACED_IN_AP')
      throw conflict('This child has already been placed under this referral; a new need is a new referral.');
    const chain = checkSupersedes(r.current, f.supersedesDecisionId);
    if (!chain.ok)
      throw chain.kind === 'NOTHING_TO_SUPERSEDE'
        ? invalid([{ field: 'supersedesDecisionId', message: chain.message }])
        : conflict(chain.message, { currentDecisionId: r.current?.id ?? null });

    const meeting = await tx.fairAccessPanelMeeting.findFirst({ where: { id: f.meetingId, laId: actor.laId } });
    if (!meeting) throw notFound('panel meeting');
    const on = fromDb(meeting.meetingDate);
    await checkDates(tx, actor, f, r, on, deps.clock.today());

    let whoseTurnSchoolId: string | null = null;
    let overrideReason: string | null = null;
    if (f.allocatedSchoolId) {
      const school = await tx.school.findFirst({ where: { id: f.allocatedSchoolId, laId: actor.laId, isOpen: true } });
      if (!school) throw notFound('school');
      const schoolProblem = allocatedSchoolProblem(f.outcome, school, r.yearGroupSought);
      if (schoolProblem) throw invalid([schoolProblem]);
      if (f.outcome === 'ALLOCATE_SCHOOL') {
        // Not proposed: the child's previous schools, and schools that already refused this child.
        const refused = r.decisions.filter((x) => x.response?.outcome === 'REFUSED').map((x) => x.response!.schoolId);
        const { schools, ranking } = await whoseTurnFor(tx, actor.laId, r.yearGroupSought, on, {
          excludeSchoolIds: [...r.previousSchoolIds, ...refused],
          ignoreReferralId: r.id,
        });
        const top = ranking[0]
          ? {
              schoolId: ranking[0].schoolId,
              name: schools.find((s) => s.id === ranking[0]!.schoolId)?.name ?? ranking[0].schoolId,
            }
          : null;
        const turn = whoseTurnAllocation(school, top, f.overrideReason);
        if (!turn.ok) throw invalid([turn.problem]);
        whoseTurnSchoolId = turn.whoseTurnSchoolId;
        overrideReason = turn.overrideReason;
      }
    }

    let placementId: string | null = null;
    if (f.placement) {
      if (f.placement.startDate < on)
        throw invalid([
          {
            field: 'placement.startDate',
            message: `The placement cannot start (${f.placement.startDate}) before the panel decided it (${on}).`,
          },
        ]);
      placementId = await openPlacement(
        tx,
        actor,
        cal,
        {
          ...f.placement,
          pupilId: r.pupilId,
          commissionerKind: 'LA',
          commissioningSchoolId: null,
          note: `Fair access panel decision: ${f.rationale}`,
        },
        REACHED_THROUGH_RECORD,
        deps.clock,
        'placement',
      ); // the referral in scope is the authority over its pupil
    }

    const d = await tx.fairAccessDecision.create({
      data: {
        referralId: r.id,
        meetingId: meeting.id,
        outcome: f.outcome,
        rationale: f.rationale,
        decidedBy: f.decidedBy,
        allocatedSchoolId: f.allocatedSchoolId ?? null,
        admissionDeadline: f.admissionDeadline ? toDb(f.admissionDeadline) : null,
        placementId,
        deferredToMeetingId: f.deferredToMeetingId ?? null,
        whoseTurnSchoolId,
        overrideReason,
        supersedesId: r.current?.id ?? null,
        recordedBy: actor.userId,
      },
      select: { id: true },
    });
    const closes = f.outcome === 'NOT_ELIGIBLE' || f.outcome === 'WITHDRAWN';
    await tx.fairAccessReferral.update({
      where: { id: r.id },
      data: {
        status: REFERRAL_STATUS_AFTER[f.outcome],
        closedOn: closes ? meeting.meetingDate : null,
        // Considering the case at a meeting is agreeing to consider it, if not recorded before (rule F1).
        ...(!r.agreedToConsiderOn && !closes ? { agreedToConsiderOn: meeting.meetingDate } : {}),
        ...(f.placement ? { admittedOn: toDb(f.placement.startDate) } : {}),
      },
    });
    await recordReferralChange(
      tx,
      actor,
      r,
      {
        type: 'FAIR_ACCESS_DECISION',
        occurredOn: on,
        reason: f.rationale,
        data: {
          decisionId: d.id,
          outcome: f.outcome,
          allocatedSchoolId: f.allocatedSchoolId ?? null,
          placementId,
          supersedesId: r.current?.id ?? null,
          whoseTurnSchoolId,
          overridden: overrideReason !== null,
        },
      },
      'fairAccess.decide',
      [d.id, ...(placementId ? [placementId] : [])],
    );
    return { id: d.id, referralId: r.id, placementId };
  });
}

/** Meeting before referral, a decision at a meeting yet to happen, a deferral to a past meeting: refused. */
async function checkDates(tx: Tx, actor: Actor, f: Input, r: LockedReferral, on: string, today: string) {
  const problems: FieldProblem[] = [];
  const referredOn = fromDb(r.referredOn);
  if (on < referredOn)
    problems.push({
      field: 'meetingId',
      message: `The meeting (${on}) is before the referral (${referredOn}); a panel cannot decide a case before it is referred.`,
    });
  if (on > today)
    problems.push({
      field: 'meetingId',
      message: `The meeting (${on}) has not happened yet; record its decisions once it has.`,
    });
  const prior = r.current ? fromDb(r.current.meeting.meetingDate) : null;
  if (prior && on < prior)
    problems.push({
      field: 'meetingId',
      message: `The decision in force was made at a later meeting (${prior}); a superseding decision cannot come from an earlier one.`,
    });
  if (f.admissionDeadline && f.admissionDeadline < on)
    problems.push({
      field: 'admissionDeadline',
      message: `The admission deadline (${f.admissionDeadline}) is before the meeting (${on}).`,
    });
  if (f.deferredToMeetingId) {
    const later = await tx.fairAccessPanelMeeting.findFirst({ where: { id: f.deferredToMeetingId, laId: actor.laId } });
    if (!later) throw notFound('panel meeting to defer to');
    const laterOn = fromDb(later.meetingDate);
    if (laterOn <= on)
      problems.push({
        field: 'deferredToMeetingId',
        message: `A case can only be deferred to a later meeting; that meeting (${laterOn}) is not after this one (${on}).`,
      });
  }
  if (problems.length) throw invalid(problems);
}
