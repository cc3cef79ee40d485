import type { Request, Response } from 'express';
import type { WebContext } from '../../webContext';
import { loadOperations } from '../../graphqlClient';
import { mondayOf, addDays } from '../../forms/weeks';

const ops = loadOperations(import.meta.url, 'providerHome.graphql', ['ProviderHome']);

// A review counts as "due" from this many days ahead, so staff can book it.
const REVIEW_DUE_WITHIN_DAYS = 14;

interface Home {
  providerRoll: {
    id: string;
    tier: string;
    startDate: string;
    plannedEndDate: string | null;
    hoursPerWeek: number;
    nextReviewDue: string;
    lastReviewDate: string | null;
    pupil: { id: string; firstName: string; lastName: string; upn: string; yearGroup: number | null };
    commissioningSchool: { name: string } | null;
  }[];
  arriving: {
    id: string;
    startDate: string;
    tier: string;
    hoursPerWeek: number;
    pupil: { id: string; firstName: string; lastName: string; upn: string };
  }[];
  reintegrations: {
    id: string;
    startDate: string;
    school: { name: string };
    placement: { pupil: { id: string; firstName: string; lastName: string } };
    checkpoints: { id: string; label: string; dueDate: string; isFinal: boolean; outcome: string | null }[];
  }[];
  flags: {
    totalCount: number;
    nodes: {
      id: string;
      ruleId: string;
      severity: string;
      title: string;
      pupilId: string | null;
      firstSeenAt: string;
    }[];
  };
}

/** The AP provider's landing page: today's roll, reviews and checkpoints due, arrivals this week, open flags. */
export async function providerHome(ctx: WebContext, req: Request, res: Response): Promise<void> {
  const providerId = req.user!.actor.providerId!;
  const today = ctx.today();
  const weekFrom = mondayOf(today);
  const data = await ctx.graphql.query<Home>(req, ops.ProviderHome, {
    providerId,
    weekFrom,
    weekTo: addDays(weekFrom, 6),
  });
  const soon = addDays(today, REVIEW_DUE_WITHIN_DAYS);
  const roll = [...data.providerRoll].sort((a, b) => a.pupil.lastName.localeCompare(b.pupil.lastName));
  const reviews = roll
    .filter((p) => p.nextReviewDue <= soon)
    .map((p) => ({ ...p, overdue: p.nextReviewDue < today }))
    .sort((a, b) => a.nextReviewDue.localeCompare(b.nextReviewDue));
  const checkpoints = data.reintegrations
    .flatMap((r) => {
      // The next unreported checkpoint of each reintegration: earlier ones must be reported first.
      // A follow-up reported as not known stays next until what happened is reported.
      const next = r.checkpoints.find((c) => !c.outcome || c.outcome === 'NOT_KNOWN');
      return next
        ? [
            {
              ...next,
              reintegrationId: r.id,
              school: r.school.name,
              pupil: r.placement.pupil,
              due: next.dueDate <= today,
              overdue: next.dueDate < today,
            },
          ]
        : [];
    })
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  res.render('pages/home/provider', {
    today,
    roll,
    reviews,
    checkpoints,
    arriving: data.arriving
      .filter((p) => p.startDate >= weekFrom)
      .sort((a, b) => a.startDate.localeCompare(b.startDate)),
    weekFrom,
    flags: data.flags,
  });
}
