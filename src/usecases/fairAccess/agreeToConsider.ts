import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { conflict, invalid, ruleBlocked } from '../../errors';
import { eventDateProblem, fromDb, toDb } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { authorise } from '../../access/permissions';
import { lockReferralInScope, recordReferralChange } from './shared';

const schema = z.object({
  referralId: uuid,
  agreedOn: isoDate,
  note: requiredText('A note'),
});

/** The panel agrees to consider the case: this starts the 20-school-day allocation clock (rule F1). */
export async function agreeToConsiderReferral(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'fairAccess.casework');
  const f = parseInput(schema, input);
  return once(deps.prisma, actor, clientKey, 'agreeToConsiderReferral', f, async (tx) => {
    const r = await lockReferralInScope(tx, actor, f.referralId, 'fairAccess.casework');
    if (r.route !== 'PANEL')
      throw ruleBlocked(
        'F4',
        'This child is currently looked after: the LA places them with its own direction powers, not the panel',
      );
    if (r.agreedToConsiderOn)
      throw conflict(`The panel already agreed to consider this case on ${fromDb(r.agreedToConsiderOn)}.`);
    if (r.status !== 'OPEN') throw conflict('This referral is no longer waiting for the panel.');
    const referredOn = fromDb(r.referredOn);
    if (f.agreedOn < referredOn)
      throw invalid([
        {
          field: 'agreedOn',
          message: `The panel cannot agree to consider a case (${f.agreedOn}) before it was referred (${referredOn}).`,
        },
      ]);
    const dp = eventDateProblem(deps.clock, 'agreedOn', f.agreedOn, fromDb(r.pupil.dateOfBirth));
    if (dp) throw invalid([dp]);
    await tx.fairAccessReferral.update({ where: { id: r.id }, data: { agreedToConsiderOn: toDb(f.agreedOn) } });
    await recordReferralChange(
      tx,
      actor,
      r,
      { type: 'FAIR_ACCESS_AGREED_TO_CONSIDER', occurredOn: f.agreedOn, reason: f.note, data: {} },
      'fairAccess.agreeToConsider',
    );
    return { id: r.id };
  });
}
