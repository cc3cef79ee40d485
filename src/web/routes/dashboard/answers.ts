/** The shapes of dashboard.graphql's answers (only what the page reads). */
export interface Cell {
  value: number | null;
  suppressed: boolean;
}

export interface Meta {
  period: { from: string; to: string; label: string };
  suppressed: boolean;
  suppressionThreshold: number;
  source: 'LIVE' | 'ROLLUP';
  rollupRefreshedAt: string | null;
  generatedAt: string;
}

export interface Stats {
  stays: Cell;
  median: Cell;
  p75: Cell;
  p90: Cell;
  max: Cell;
}

export interface SummaryAnswer {
  movementSummary: { meta: Meta; entries: Cell; exits: Cell };
  apPopulation: { on: string; pupils: Cell; byTier: { key: string; label: string; pupils: Cell }[] };
  reintegrationReport: { total: { attempted: Cell; sustained: Cell; brokenDown: Cell; pending: Cell; rate: Cell } };
  fairAccessReport: { placed: Cell; placedWithinTarget: Cell; targetSchoolDays: number };
  thresholds: { key: string; value: number; label: string | null }[];
  movementTrend: { months: TrendMonth[] };
}

export interface StaysAnswer {
  stayLengthReport: {
    asOf: string;
    rows: { group: 'ALL' | 'TIER' | 'PROVIDER'; key: string; label: string; closed: Stats; open: Stats }[];
  };
}

export interface SchoolRow {
  schoolId: string;
  name: string;
  numberOnRoll: number;
  pupilsMovedToAp: Cell;
  movedPer100OnRoll: Cell;
  disproportionality: { characteristic: string; ratio: Cell }[];
}

export interface SchoolsAnswer {
  schoolMovementProfile: { schools: SchoolRow[] };
}

/** One month of the movement trend report (the monthly charts). */
export interface TrendMonth {
  label: string;
  from: string;
  to: string;
  entries: Cell;
  exits: Cell;
  pupilsInAp: Cell;
  entriesByReason: { key: string; label: string; entries: Cell }[];
}

export interface FlagsAnswer {
  crit: { totalCount: number };
  high: { totalCount: number };
  med: { totalCount: number };
  info: { totalCount: number };
}
