import { renderChart } from '../../../charts';
import { labelFor } from '../../../../reports/labels';
import { figure, table, text, type Cell } from '../tables';
import type { Fig, Section } from './sections';
import type { ReintegrationFigures } from './reintegration';

export interface ScorecardRow {
  providerId: string;
  name: string;
  kind: string;
  placementsStarted: Fig;
  outreachEpisodes: Fig;
  reintegration: ReintegrationFigures;
  post16: { leavers: Fig; eet: Fig; neet: Fig; eetRate: Fig };
  stayLengths: { tier: string; closed: { stays: Fig; median: Fig }; overPlannedEnd: Fig }[];
  reviews: { due: Fig; onTime: Fig; late: Fig; onTimeRate: Fig };
  openFlags: { severity: string; count: Fig }[];
  openFlagsTotal: Fig;
  attendance: { status: string; value: number | null; note: string };
  attainment: { status: string; value: number | null; note: string };
}
export interface ScorecardData {
  providerScorecard: { providers: ScorecardRow[] };
}

const outcome = (m: { status: string; value: number | null }): Cell =>
  m.status === 'NO_DATA_YET'
    ? { text: 'no data yet', format: 'numeric', classes: 'app-suppressed' }
    : figure({ value: m.value, suppressed: false }, 'percent');

export function scorecardTables(rows: ScorecardRow[]): Section[] {
  return [
    {
      kind: 'table',
      table: table(
        'Placements, reintegration and destinations',
        [
          { title: 'Provider' },
          { title: 'Kind' },
          { title: 'Placements started', numeric: true },
          { title: 'Outreach (tier 1)', numeric: true },
          { title: 'Reintegrations attempted', numeric: true },
          { title: 'Sustained rate', numeric: true },
          { title: 'Post-16 leavers', numeric: true },
          { title: 'EET rate', numeric: true },
        ],
        rows.map((p) => [
          text(p.name),
          text(labelFor(p.kind)),
          figure(p.placementsStarted),
          figure(p.outreachEpisodes),
          figure(p.reintegration.attempted),
          figure(p.reintegration.rate, 'percent'),
          figure(p.post16.leavers),
          figure(p.post16.eetRate, 'percent'),
        ]),
      ),
    },
    {
      kind: 'table',
      table: table(
        'Reviews, open flags and outcomes',
        [
          { title: 'Provider' },
          { title: 'Reviews due', numeric: true },
          { title: 'On time', numeric: true },
          { title: 'Late', numeric: true },
          { title: 'On-time rate', numeric: true },
          { title: 'Open flags', numeric: true },
          { title: 'Attendance', numeric: true },
          { title: 'Attainment', numeric: true },
        ],
        rows.map((p) => [
          text(p.name),
          figure(p.reviews.due),
          figure(p.reviews.onTime),
          figure(p.reviews.late),
          figure(p.reviews.onTimeRate, 'percent'),
          figure(p.openFlagsTotal),
          outcome(p.attendance),
          outcome(p.attainment),
        ]),
      ),
      note: 'Attendance and attainment are not recorded in the tracker yet, so they show “no data yet”, never 0.',
    },
    {
      kind: 'table',
      table: table(
        'Closed stays against tier',
        [
          { title: 'Provider' },
          { title: 'Tier' },
          { title: 'Closed stays', numeric: true },
          { title: 'Median school days', numeric: true },
          { title: 'Ended after planned end', numeric: true },
        ],
        rows.flatMap((p) =>
          p.stayLengths.map((s) => [
            text(p.name),
            text(labelFor(s.tier)),
            figure(s.closed.stays),
            figure(s.closed.median),
            figure(s.overPlannedEnd),
          ]),
        ),
      ),
    },
  ];
}

export async function providerScorecardSections(data: ScorecardData): Promise<Section[]> {
  const rows = data.providerScorecard.providers;
  const sections: Section[] = [];
  if (rows.length) {
    sections.push({
      kind: 'chart',
      heading: 'Reviews on time by provider',
      chart: await renderChart({
        id: 'chart-scorecard-reviews',
        kind: 'bar',
        orientation: 'horizontal',
        format: 'percent',
        title: 'Share of placement reviews held on time, by provider',
        description:
          'Of the reviews that fell due in the period (30 school days after the start or the last review), the share held on or before the day.',
        xLabel: 'Provider',
        yLabel: 'Reviews on time',
        categories: rows.map((p) => p.name),
        series: [{ key: 'onTime', label: 'Reviews on time', values: rows.map((p) => p.reviews.onTimeRate) }],
      }),
    });
  }
  return [...sections, ...scorecardTables(rows)];
}
