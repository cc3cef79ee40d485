import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { invalid } from '../../errors';
import { audit } from '../../record/audit';
import { toDb } from '../dates';
import { parseInput, isoDate, requiredText } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { authorise } from '../../access/permissions';

const schema = z.object({
  meetingDate: isoDate,
  attendingOrganisations: z
    .array(requiredText('An attending organisation', 300))
    .min(1, 'Name at least one attending organisation.')
    .max(60),
  notes: z.string().max(4000).nullish(),
});

const yearsFrom = (iso: string, n: number) => `${Number(iso.slice(0, 4)) + n}${iso.slice(4)}`;

/**
 * A panel meeting (held or scheduled). It changes no referral, so it writes no outbox event: the flag
 * workers hear about a meeting through the decisions recorded at it.
 */
export async function schedulePanelMeeting(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'fairAccess.meeting');
  const f = parseInput(schema, input);
  const today = deps.clock.today();
  if (f.meetingDate > yearsFrom(today, 1) || f.meetingDate < yearsFrom(today, -10))
    throw invalid([
      {
        field: 'meetingDate',
        message: `${f.meetingDate} is not a plausible panel date (within the last ten years or the next one).`,
      },
    ]);
  return once(deps.prisma, actor, clientKey, 'schedulePanelMeeting', f, async (tx) => {
    const m = await tx.fairAccessPanelMeeting.create({
      data: {
        laId: actor.laId,
        meetingDate: toDb(f.meetingDate),
        attendingOrganisations: [...new Set(f.attendingOrganisations)],
        notes: f.notes ?? null,
        createdBy: actor.userId,
      },
      select: { id: true },
    });
    await audit(tx, actor, 'fairAccess.meeting', 'PANEL_MEETING', [m.id]);
    return { id: m.id };
  });
}
