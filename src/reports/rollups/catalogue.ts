import type { FactsSpec } from './facts';
import { MOVEMENT_SUMMARY_FACTS } from '../movementSummary';
import { SCHOOL_PROFILE_FACTS } from '../schoolProfile';

/**
 * The reports kept as rollups. Both depend on the record alone (not on today's date), so a cell stays
 * right until the data changes. The others read "as of today" figures (open stays, reviews due, flags
 * open now) and are always read live.
 */
export const ROLLUPS: readonly FactsSpec<unknown>[] = [MOVEMENT_SUMMARY_FACTS, SCHOOL_PROFILE_FACTS] as FactsSpec<unknown>[];
