import { renderChart } from '../../../charts';
import { figure, table, text } from '../tables';
import type { Fig, Section } from './sections';

interface Stats {
  stays: Fig;
  median: Fig;
  p75: Fig;
  p90: Fig;
  max: Fig;
}
export interface StayLengthData {
  stayLengthReport: { asOf: string; rows: { group: string; key: string; label: string; closed: Stats; open: Stats }[] };
}

const GROUP_TITLES: Record<string, string> = { ALL: 'All stays', TIER: 'By tier', PROVIDER: 'By provider' };

export async function stayLengthSections(data: StayLengthData): Promise<Section[]> {
  const r = data.stayLengthReport;
  const tiers = r.rows.filter((row) => row.group === 'TIER');
  const sections: Section[] = [];
  if (tiers.length) {
    sections.push({
      kind: 'chart',
      heading: 'Closed stays by tier',
      note:
        'Stay lengths in school days, both ends counted. Open stays are measured to ' +
        r.asOf +
        ' and shown in the tables only, as they are still growing.',
      chart: await renderChart({
        id: 'chart-stays-tier',
        kind: 'bar',
        title: 'Length of closed stays by tier, in school days',
        description:
          'For stays that ended in the period: the median, 75th and 90th percentile length in school days, for each tier.',
        xLabel: 'Tier',
        yLabel: 'School days',
        categories: tiers.map((t) => t.label),
        series: [
          { key: 'median', label: 'Median', values: tiers.map((t) => t.closed.median) },
          { key: 'p75', label: '75th percentile', values: tiers.map((t) => t.closed.p75) },
          { key: 'p90', label: '90th percentile', values: tiers.map((t) => t.closed.p90) },
        ],
      }),
    });
  }
  for (const group of ['ALL', 'TIER', 'PROVIDER']) {
    const rows = r.rows.filter((row) => row.group === group);
    if (!rows.length) continue;
    sections.push({
      kind: 'table',
      table: table(
        GROUP_TITLES[group]!,
        [
          { title: group === 'PROVIDER' ? 'Provider' : group === 'TIER' ? 'Tier' : 'Stays' },
          { title: 'Closed stays', numeric: true },
          { title: 'Median', numeric: true },
          { title: 'P75', numeric: true },
          { title: 'P90', numeric: true },
          { title: 'Longest', numeric: true },
          { title: 'Open stays', numeric: true },
          { title: 'Open median', numeric: true },
          { title: 'Open longest', numeric: true },
        ],
        rows.map((row) => [
          text(row.label),
          figure(row.closed.stays),
          figure(row.closed.median),
          figure(row.closed.p75),
          figure(row.closed.p90),
          figure(row.closed.max),
          figure(row.open.stays),
          figure(row.open.median),
          figure(row.open.max),
        ]),
      ),
    });
  }
  return sections;
}
