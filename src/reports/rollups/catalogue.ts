import { MOVEMENT_SUMMARY_FACTS } from '../movementSummary';
import { STAY_LENGTH_FACTS } from '../stayLengths';
import { REINTEGRATION_FACTS } from '../reintegration';
import { SCHOOL_PROFILE_FACTS } from '../schoolProfile';
import { SCORECARD_FACTS } from '../providerScorecard';
import type { FactsSpec } from './facts';

/**
 * The period reports kept as rollups. The AP population (any single day) and the fair access report
 * (small tables, well within the targets) are always read live; so are the scorecard's flags open now. Facts measured "as of" a date (open stays, reviews due) are rebuilt when that date moves on.
 */
export const ROLLUPS = [
  MOVEMENT_SUMMARY_FACTS,
  STAY_LENGTH_FACTS,
  REINTEGRATION_FACTS,
  SCHOOL_PROFILE_FACTS,
  SCORECARD_FACTS,
] as readonly FactsSpec<unknown>[];
