import type { ChartCell, ChartSpec } from '../../charts';
import type { Cell, SchoolRow, StaysAnswer, SummaryAnswer, TrendMonth } from './answers';

/**
 * The dashboard's charts, each built only from GraphQL answers: the chart module draws the SVG and
 * writes the same cells into the "Show the data" table, so the two cannot disagree.
 */
const cell = (c: Cell | null | undefined): ChartCell =>
  c ? { value: c.suppressed ? null : c.value, suppressed: c.suppressed } : { value: null, suppressed: false };

type Month = TrendMonth;

export const CHARACTERISTIC_LABELS: Record<string, string> = {
  SEN_SUPPORT: 'SEN support',
  EHCP: 'EHC plan',
  LOOKED_AFTER: 'Looked after',
  FSM: 'Free school meals',
  SOCIAL_CARE: 'Social care',
};

export function entriesAndExitsChart(months: Month[]): ChartSpec {
  return {
    kind: 'bar',
    id: 'chart-entries-exits',
    title: 'Entries into and exits from AP, per month',
    description: 'Placements starting (entries) and ending (exits) in each month of the period, side by side.',
    xLabel: 'Month',
    yLabel: 'Placements',
    categories: months.map((m) => m.label),
    series: [
      { key: 'entries', label: 'Entries', values: months.map((m) => cell(m.entries)) },
      { key: 'exits', label: 'Exits', values: months.map((m) => cell(m.exits)) },
    ],
  };
}

export function entriesByReasonChart(months: Month[]): ChartSpec {
  const reasons = new Map<string, string>();
  const byMonth = months.map((m) => {
    const rows = m.entriesByReason;
    for (const r of rows) reasons.set(r.key, r.label);
    return new Map(rows.map((r) => [r.key, r.entries]));
  });
  return {
    kind: 'stackedBar',
    id: 'chart-entries-reason',
    title: 'Entries into AP per month, by reason',
    description: 'Placements starting in each month, stacked by the reason for the placement.',
    xLabel: 'Month',
    yLabel: 'Entries',
    categories: months.map((m) => m.label),
    series: [...reasons].map(([key, label]) => ({
      key,
      label,
      // A reason with no row in a month had no entries that month.
      values: byMonth.map((rows) => (rows.has(key) ? cell(rows.get(key)) : { value: 0, suppressed: false })),
    })),
  };
}

export function populationChart(months: Month[]): ChartSpec {
  return {
    kind: 'line',
    id: 'chart-population',
    title: 'Pupils in AP over time',
    description: 'Pupils in AP on the last day of each month of the period (today for the current month).',
    xLabel: 'On',
    yLabel: 'Pupils in AP',
    categories: months.map((m) => m.to),
    series: [{ key: 'pupils', label: 'Pupils in AP', values: months.map((m) => cell(m.pupilsInAp)) }],
  };
}

export function stayLengthChart(stays: StaysAnswer, thresholds: SummaryAnswer['thresholds']): ChartSpec {
  const tiers = stays.stayLengthReport.rows.filter((r) => r.group === 'TIER');
  const limit = (key: string) => thresholds.find((t) => t.key === key)?.value;
  const tier2 = limit('tier2LimitSchoolDays');
  const longStay = limit('longStaySchoolDays');
  return {
    kind: 'bar',
    id: 'chart-stay-lengths',
    title: 'Stay lengths by tier, against the limits',
    description: `Median and 90th percentile stay in school days for each tier, for stays that ended in the period and stays still open, with the Tier 2 limit${tier2 ? ` (${tier2} school days)` : ''} and the long-stay limit${longStay ? ` (${longStay} school days)` : ''} marked.`,
    xLabel: 'Tier',
    yLabel: 'School days',
    categories: tiers.map((t) => t.label),
    series: [
      { key: 'closed-median', label: 'Ended stays: median', values: tiers.map((t) => cell(t.closed.median)) },
      { key: 'closed-p90', label: 'Ended stays: 90th percentile', values: tiers.map((t) => cell(t.closed.p90)) },
      { key: 'open-median', label: 'Open stays: median', values: tiers.map((t) => cell(t.open.median)) },
      { key: 'open-p90', label: 'Open stays: 90th percentile', values: tiers.map((t) => cell(t.open.p90)) },
    ],
    rules: [
      ...(tier2 ? [{ value: tier2, label: 'Tier 2 limit' }] : []),
      ...(longStay ? [{ value: longStay, label: 'Long-stay limit' }] : []),
    ],
  };
}

export function reintegrationChart(summary: SummaryAnswer): ChartSpec {
  const t = summary.reintegrationReport.total;
  return {
    kind: 'bar',
    id: 'chart-reintegration',
    title: 'Reintegration outcomes',
    description: 'Returns to school attempted in the period: sustained, broken down, or still pending.',
    xLabel: 'Outcome',
    yLabel: 'Reintegrations',
    categories: ['Sustained', 'Broke down', 'Pending'],
    series: [
      {
        key: 'reintegrations',
        label: 'Reintegrations',
        values: [cell(t.sustained), cell(t.brokenDown), cell(t.pending)],
      },
    ],
  };
}

/** Schools with a figure first, highest rate first; suppressed ones after (their rank cannot be shown). */
export function rankSchools(schools: SchoolRow[], top = 15): SchoolRow[] {
  const withValue = schools.filter(
    (s) => !s.movedPer100OnRoll.suppressed && s.movedPer100OnRoll.value !== null && s.movedPer100OnRoll.value > 0,
  );
  withValue.sort((a, b) => b.movedPer100OnRoll.value! - a.movedPer100OnRoll.value! || a.name.localeCompare(b.name));
  const suppressed = schools.filter((s) => s.movedPer100OnRoll.suppressed).sort((a, b) => a.name.localeCompare(b.name));
  return [...withValue, ...suppressed].slice(0, top);
}

export function schoolsRankedChart(ranked: SchoolRow[]): ChartSpec {
  return {
    kind: 'bar',
    orientation: 'horizontal',
    id: 'chart-schools-ranked',
    title: 'Schools ranked by moves to AP per 100 on roll',
    description: `The ${ranked.length} schools with the most pupils moved to AP in the period for their size (pupils moved per 100 on roll).`,
    xLabel: 'School',
    yLabel: 'Moves to AP per 100 on roll',
    format: 'decimal1',
    categories: ranked.map((s) => s.name),
    series: [{ key: 'per100', label: 'Per 100 on roll', values: ranked.map((s) => cell(s.movedPer100OnRoll)) }],
  };
}

export function disproportionalityChart(ranked: SchoolRow[]): ChartSpec {
  const schools = ranked.slice(0, 5);
  const characteristics = Object.keys(CHARACTERISTIC_LABELS);
  return {
    kind: 'bar',
    id: 'chart-disproportionality',
    title: 'Disproportionality by characteristic, highest-moving schools',
    description:
      'For the five schools moving the most pupils to AP for their size: how much more common each characteristic is among the pupils moved than on the school roll (1 is proportionate, 2 is twice as common).',
    xLabel: 'Characteristic',
    yLabel: 'Ratio to the school roll',
    format: 'decimal2',
    categories: characteristics.map((c) => CHARACTERISTIC_LABELS[c]!),
    series: schools.map((s) => ({
      key: s.schoolId,
      label: s.name,
      values: characteristics.map((c) => cell(s.disproportionality.find((d) => d.characteristic === c)?.ratio)),
    })),
    rules: [{ value: 1, label: 'Proportionate' }],
  };
}
