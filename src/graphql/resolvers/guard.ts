import type { Context } from '../context';
import { requireActor } from '../../access/scope';
import type { Actor } from '../../auth/actor';

/** Every resolver starts here: no verified caller, no data. */
export const actorOf = (ctx: Context): Actor => requireActor(ctx.actor);
export const today = () => new Date().toISOString().slice(0, 10);
