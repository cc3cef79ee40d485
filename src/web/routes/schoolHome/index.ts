import type { Request, Response } from 'express';
import type { WebContext } from '../../webContext';
import { loadOperations } from '../../graphqlClient';

const ops = loadOperations(import.meta.url, 'schoolHome.graphql', ['SchoolHome', 'SchoolAllocations']);

interface Decision {
  id: string;
  outcome: string;
  admissionDeadline: string | null;
  rationale: string;
  allocatedSchool: { id: string; name: string } | null;
  meeting: { meetingDate: string };
  response: { outcome: string; respondedOn: string; onForbiddenGround: boolean } | null;
  direction: { route: string; outcome: string | null; requestedOn: string; academyAnswerBy: string | null } | null;
}
interface Home {
  inAp: any[];
  commissioned: any[];
  reintegrations: {
    id: string;
    startDate: string;
    placement: { provider: { name: string }; pupil: { id: string; firstName: string; lastName: string } };
    checkpoints: { id: string; label: string; dueDate: string; isFinal: boolean; outcome: string | null }[];
  }[];
  fairAccessReferrals: {
    nodes: {
      id: string;
      yearGroupSought: number;
      referredOn: string;
      status: string;
      pupil: { id: string; firstName: string; lastName: string };
      currentDecision: Decision | null;
    }[];
  };
}

/** School staff's landing page: their pupils in AP, what they commissioned, returners' checkpoints, fair access allocations. */
export async function schoolHome(ctx: WebContext, req: Request, res: Response): Promise<void> {
  const schoolId = req.user!.actor.schoolId!;
  const today = ctx.today();
  const [placements, fa] = await Promise.all([
    ctx.graphql.query<Omit<Home, 'fairAccessReferrals'>>(req, ops.SchoolHome, { schoolId }),
    ctx.graphql.query<Pick<Home, 'fairAccessReferrals'>>(req, ops.SchoolAllocations),
  ]);
  const data: Home = { ...placements, ...fa };
  const allocations = data.fairAccessReferrals.nodes
    .filter(
      (r) => r.currentDecision?.outcome === 'ALLOCATE_SCHOOL' && r.currentDecision.allocatedSchool?.id === schoolId,
    )
    .map((r) => ({ ...r, d: r.currentDecision! }));
  res.render('pages/home/school', {
    today,
    inAp: data.inAp,
    commissioned: data.commissioned,
    checkpoints: data.reintegrations.flatMap((r) => {
      // A follow-up reported as not known stays next until what happened is reported.
      const next = r.checkpoints.find((c) => !c.outcome || c.outcome === 'NOT_KNOWN');
      return next
        ? [
            {
              ...next,
              reintegrationId: r.id,
              provider: r.placement.provider.name,
              pupil: r.placement.pupil,
              overdue: next.dueDate < today,
              due: next.dueDate <= today,
            },
          ]
        : [];
    }),
    awaitingResponse: allocations.filter((r) => !r.d.response),
    toAdmit: allocations.filter(
      (r) =>
        r.d.response?.outcome === 'ACCEPTED' ||
        r.d.direction?.outcome === 'DIRECTED' ||
        r.d.direction?.outcome === 'SCHOOL_AGREED',
    ),
    refused: allocations.filter(
      (r) =>
        r.d.response?.outcome === 'REFUSED' &&
        !(r.d.direction?.outcome === 'DIRECTED' || r.d.direction?.outcome === 'SCHOOL_AGREED'),
    ),
  });
}
