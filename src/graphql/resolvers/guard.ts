import type { Context } from '../context';
import { requireActor } from '../../access/scope';
import type { Actor } from '../../auth/actor';

/** Every resolver starts here: no verified caller, no data. */
export const actorOf = (ctx: Context): Actor => requireActor(ctx.actor);
/** Today's date in England, from the request's clock. */
export const today = (ctx: Context): string => ctx.clock.today();
