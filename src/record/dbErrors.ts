import { fullTimeWeekExceeded } from '../domain/movements/placementPlan';
import { AppError, conflict, ruleProblemsBlocked } from '../errors';

/**
 * Safety net: a database constraint that fires despite validation (e.g. a race) still answers
 * with a typed error instead of a masked internal one.
 */
export function translateDbError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const text = collectText(err);
  if (text.includes('Placement_no_overlap_same_provider'))
    return conflict('The pupil already has a placement at this provider covering these dates.');
  // The database's own guard of the full-time week (a race past the use case's check): the same rule, same error.
  if (text.includes('Placement_concurrent_hours')) return ruleProblemsBlocked([fullTimeWeekExceeded()]);
  if (/unique constraint|duplicate key|P2002/i.test(text))
    return conflict('A record with these details already exists.');
  return err;
}

/** A unique index refused a row (SQLSTATE 23505; Prisma's P2002, or P2010 wrapping it from a raw statement). */
export function isUniqueViolation(err: unknown): boolean {
  return /\b23505\b|P2002|unique constraint|duplicate key/i.test(collectText(err));
}

function collectText(err: unknown, depth = 0): string {
  if (!err || typeof err !== 'object' || depth > 4) return String(err ?? '');
  const e = err as { message?: string; code?: string; meta?: unknown; cause?: unknown };
  return [e.message ?? '', e.code ?? '', JSON.stringify(e.meta ?? ''), collectText(e.cause, depth + 1)].join(' ');
}
