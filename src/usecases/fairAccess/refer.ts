import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import type { FapCategory } from '../../generated/prisma/enums';
import { once } from '../../record/idempotency';
import { conflict, invalid, notFound, ruleBlocked, type FieldProblem } from '../../errors';
import { FAP_CATEGORIES, ruleF3EligibleCategories, ruleF4RouteFor } from '../../domain/fairAccess/eligibility';
import { eventDateProblem, fromDb, toDb, toDbOrNull } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { lockPupilInScope } from '../pupils/lockPupil';
import { authorise } from '../../access/permissions';
import { recordReferralChange } from './shared';

const CATEGORY_NAMES = FAP_CATEGORIES.map((c) => c.category) as [string, ...string[]];

const schema = z.object({
  pupilId: uuid,
  referringParty: z.enum(['SCHOOL', 'LA_SERVICE', 'PARENT_CARER']),
  referringSchoolId: uuid.nullish(),
  referrerName: requiredText('Who referred', 300),
  referredOn: isoDate,
  categories: z
    .array(
      z.enum(CATEGORY_NAMES, { message: 'Each category must be one of the 13 of School Admissions Code para 3.17.' }),
    )
    .max(13),
  yearGroupSought: z
    .number()
    .int('The year group is a whole number.')
    .min(0, 'Year groups run from Reception (0) to Year 11.')
    .max(11, 'Fair access covers Reception (0) to Year 11.'),
  senStatus: z.enum(['NONE', 'SEN_SUPPORT', 'EHCP']).nullish(),
  currentlyLookedAfter: z.boolean().nullish(),
  context: requiredText('A brief context', 4000),
  previousSchoolIds: z.array(uuid).max(20).default([]),
  previousSchoolsOther: z.string().max(1000).nullish(),
  recentExclusion: z.boolean().default(false),
  recentExclusionNote: z.string().max(2000).nullish(),
  inYearAttempts: z.string().max(4000).nullish(),
  agreedToConsiderOn: isoDate.nullish(),
});

/**
 * Records a referral. No para 3.17 category, an EHC plan, or no in-year attempts: refused (rule F3),
 * naming the route to use instead. A currently looked-after child is recorded as routed to the LA's
 * own direction powers, never to the panel (rule F4).
 */
export async function referForFairAccess(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'fairAccess.refer');
  const f = parseInput(schema, input);
  const categories = [...new Set(f.categories)] as FapCategory[];
  return once(deps.prisma, actor, clientKey, 'referForFairAccess', f, async (tx) => {
    const pupil = await lockPupilInScope(tx, actor, f.pupilId, 'fairAccess.refer');
    const lookedAfter = f.currentlyLookedAfter ?? pupil.lookedAfter;
    const senStatus = f.senStatus ?? pupil.senStatus;
    const route = ruleF4RouteFor(lookedAfter);

    const problems: FieldProblem[] = [];
    const dp = eventDateProblem(deps.clock, 'referredOn', f.referredOn, fromDb(pupil.dateOfBirth));
    if (dp) problems.push(dp);
    if (f.agreedToConsiderOn) {
      if (route !== 'PANEL')
        problems.push({
          field: 'agreedToConsiderOn',
          message: 'A looked-after child is not considered by the panel (rule F4).',
        });
      else if (f.agreedToConsiderOn < f.referredOn)
        problems.push({
          field: 'agreedToConsiderOn',
          message: `The panel cannot agree to consider a case (${f.agreedToConsiderOn}) before it was referred (${f.referredOn}).`,
        });
      else {
        const ap = eventDateProblem(deps.clock, 'agreedToConsiderOn', f.agreedToConsiderOn, fromDb(pupil.dateOfBirth));
        if (ap) problems.push(ap);
      }
    }
    if ((f.referringParty === 'SCHOOL') !== Boolean(f.referringSchoolId))
      problems.push({
        field: 'referringSchoolId',
        message:
          f.referringParty === 'SCHOOL'
            ? 'Say which school referred.'
            : 'Only a school referral names a referring school.',
      });
    if (problems.length) throw invalid(problems);

    if (route === 'PANEL') {
      const e = ruleF3EligibleCategories({ categories, senStatus, inYearAttempts: f.inYearAttempts });
      if (!e.ok)
        throw ruleBlocked('F3', e.message, {
          fields: [{ field: e.field, message: e.message }],
          normalRoute: e.normalRoute,
        });
    }

    const schoolIds = [...new Set([...(f.referringSchoolId ? [f.referringSchoolId] : []), ...f.previousSchoolIds])];
    const known = await tx.school.findMany({
      where: { id: { in: schoolIds }, laId: actor.laId },
      select: { id: true },
    });
    const unknown = schoolIds.filter((id) => !known.some((k) => k.id === id));
    if (unknown.length)
      throw notFound(unknown.includes(f.referringSchoolId ?? '') ? 'referring school' : 'previous school');

    const open = await tx.fairAccessReferral.findFirst({
      where: { pupilId: pupil.id, laId: actor.laId, status: { in: ['OPEN', 'ALLOCATED'] } },
      select: { id: true },
    });
    if (open)
      throw conflict(`This pupil already has an open fair access referral (${open.id}); record the new facts on it.`, {
        referralId: open.id,
      });

    const created = await tx.fairAccessReferral.create({
      data: {
        laId: actor.laId,
        pupilId: pupil.id,
        referringParty: f.referringParty,
        referringSchoolId: f.referringSchoolId ?? null,
        referrerName: f.referrerName,
        referredOn: toDb(f.referredOn),
        categories,
        route,
        status: route === 'PANEL' ? 'OPEN' : 'ROUTED_TO_LA_DIRECTION',
        yearGroupSought: f.yearGroupSought,
        senStatus,
        currentlyLookedAfter: lookedAfter,
        context: f.context,
        previousSchoolIds: f.previousSchoolIds,
        previousSchoolsOther: f.previousSchoolsOther ?? null,
        recentExclusion: f.recentExclusion,
        recentExclusionNote: f.recentExclusionNote ?? null,
        inYearAttempts: f.inYearAttempts ?? null,
        agreedToConsiderOn: toDbOrNull(f.agreedToConsiderOn),
        // Routed away from the panel at once: no panel deadline runs (the LA's own direction does).
        closedOn: route === 'PANEL' ? null : toDb(f.referredOn),
        createdBy: actor.userId,
      },
      select: { id: true },
    });
    await recordReferralChange(
      tx,
      actor,
      { id: created.id, pupilId: pupil.id, laId: actor.laId },
      {
        type: 'FAIR_ACCESS_REFERRED',
        occurredOn: f.referredOn,
        reason: f.context,
        data: { categories, route, yearGroupSought: f.yearGroupSought, referringParty: f.referringParty },
      },
      'fairAccess.refer',
    );
    return { id: created.id, route };
  });
}
