import { isValidIsoDate } from '../domain/dates';
import { systemClock } from '../time/clock';
import { Ctx } from './context';
import { buildEvents } from './events';
import { buildSuspensions } from './exclusions';
import { buildOrganisations } from './organisations';
import { buildPupils } from './pupils';
import { Rng } from './random';
import { buildHistories } from './scenarios';
import type { DemoData } from './types';

export interface GenerateOptions {
  /** PRNG seed; the same seed and today give identical rows. Default 1. */
  seed?: number;
  /** The date the history runs up to (ISO); default today's date. */
  today?: string;
}

export const DEFAULT_DEMO_SEED = 1;

/**
 * The demo data set as plain rows, without touching a database: two LAs, schools and providers,
 * about 3,000 pupils with two years of rolls, suspensions, exclusions, AP placements, reviews and
 * reintegrations up to `today`, every change on the pupil's timeline and an outbox event per subject.
 */
export function generateDemoData(opts: GenerateOptions = {}): DemoData {
  const today = opts.today ?? systemClock.today();
  if (!isValidIsoDate(today)) throw new RangeError(`today must be a date like 2026-11-22, not ${today}`);
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  if (!Number.isInteger(seed) || seed < 0)
    throw new RangeError(`seed must be a non-negative whole number, not ${seed}`);
  const ctx = new Ctx(new Rng(seed), today);
  buildOrganisations(ctx);
  buildPupils(ctx);
  buildHistories(ctx);
  buildSuspensions(ctx);
  for (const p of ctx.pupils) {
    ctx.data.pupils.push(p.row);
    ctx.data.enrolments.push(
      ...[...p.enrolments].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0)),
    );
  }
  buildEvents(ctx);
  return ctx.data;
}
