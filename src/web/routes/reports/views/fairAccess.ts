import { renderChart } from '../../../charts';
import { labelFor } from '../../../../reports/labels';
import { figure, numberCell, table, text } from '../tables';
import { summaryRow, percent, type Fig, type Section } from './sections';

interface Stats {
  stays: Fig;
  median: Fig;
  p75: Fig;
  p90: Fig;
  max: Fig;
}
export interface FairAccessData {
  fairAccessReport: {
    referrals: Fig;
    outcomes: { key: string; label: string; count: Fig }[];
    agreedToConsider: Fig;
    placed: Fig;
    placedWithinTarget: Fig;
    withinTargetRate: Fig;
    timeToPlace: Stats;
    targetSchoolDays: number;
    timeToAdmit: Stats;
    refusals: Fig;
    refusalsOnForbiddenGrounds: Fig;
    directionsRequested: Fig;
    directed: Fig;
    schools: {
      schoolId: string;
      name: string;
      phase: string;
      numberOnRoll: number;
      admissions: Fig;
      admissionShare: Fig;
      fairShare: Fig;
      ratioToFairShare: Fig;
      refusals: Fig;
      directionsRequested: Fig;
      directed: Fig;
    }[];
  };
}

const RANKED = 15;

export async function fairAccessSections(data: FairAccessData): Promise<Section[]> {
  const r = data.fairAccessReport;
  const ranked = [...r.schools]
    .sort((a, b) => (b.ratioToFairShare.value ?? -1) - (a.ratioToFairShare.value ?? -1) || a.name.localeCompare(b.name))
    .slice(0, RANKED);
  const sections: Section[] = [
    {
      kind: 'summary',
      heading: 'Referrals and places',
      rows: [
        summaryRow('Referrals made', r.referrals),
        summaryRow('Agreed to consider', r.agreedToConsider),
        summaryRow('Places allocated', r.placed),
        summaryRow(`Allocated within ${r.targetSchoolDays} school days`, r.placedWithinTarget),
        summaryRow('Share within the target', r.withinTargetRate, percent),
        summaryRow('Median school days to place', r.timeToPlace.median),
        summaryRow('Median school days from referral to admission', r.timeToAdmit.median),
        summaryRow('Refusals', r.refusals),
        summaryRow('Refusals on grounds the Code forbids', r.refusalsOnForbiddenGrounds),
        summaryRow('Directions requested', r.directionsRequested),
        summaryRow('Directed', r.directed),
      ],
    },
    {
      kind: 'table',
      table: table(
        'Referrals by status today',
        [{ title: 'Status' }, { title: 'Referrals', numeric: true }],
        r.outcomes.map((o) => [text(o.label), figure(o.count)]),
      ),
    },
    {
      kind: 'table',
      table: table(
        'Time to place and to admit (school days)',
        [
          { title: 'Measure' },
          { title: 'Cases', numeric: true },
          { title: 'Median', numeric: true },
          { title: 'P75', numeric: true },
          { title: 'P90', numeric: true },
          { title: 'Longest', numeric: true },
        ],
        [
          [
            text('Agreed to consider → allocated'),
            figure(r.timeToPlace.stays),
            figure(r.timeToPlace.median),
            figure(r.timeToPlace.p75),
            figure(r.timeToPlace.p90),
            figure(r.timeToPlace.max),
          ],
          [
            text('Referral → admitted'),
            figure(r.timeToAdmit.stays),
            figure(r.timeToAdmit.median),
            figure(r.timeToAdmit.p75),
            figure(r.timeToAdmit.p90),
            figure(r.timeToAdmit.max),
          ],
        ],
        { sortable: false },
      ),
    },
  ];
  if (ranked.length) {
    sections.push({
      kind: 'chart',
      heading: 'Schools against their fair share',
      note: ranked.length < r.schools.length ? `The ${RANKED} highest; every school is in the table below.` : undefined,
      chart: await renderChart({
        id: 'chart-fair-share',
        kind: 'bar',
        orientation: 'horizontal',
        format: 'decimal2',
        title: 'Fair access admissions against each school’s fair share',
        description:
          'Each school’s share of its phase’s fair access admissions divided by its share of the phase’s pupils: 1 is its fair share.',
        xLabel: 'School',
        yLabel: 'Ratio to fair share',
        categories: ranked.map((s) => s.name),
        series: [{ key: 'ratio', label: 'Ratio to fair share', values: ranked.map((s) => s.ratioToFairShare) }],
        rules: [{ value: 1, label: 'Fair share' }],
      }),
    });
  }
  sections.push({
    kind: 'table',
    table: table(
      'Fair share by school',
      [
        { title: 'School' },
        { title: 'Phase' },
        { title: 'On roll', numeric: true },
        { title: 'Admissions', numeric: true },
        { title: 'Share of admissions', numeric: true },
        { title: 'Fair share', numeric: true },
        { title: 'Ratio', numeric: true },
        { title: 'Refusals', numeric: true },
        { title: 'Directions requested', numeric: true },
        { title: 'Directed', numeric: true },
      ],
      r.schools.map((s) => [
        text(s.name),
        text(labelFor(s.phase)),
        numberCell(s.numberOnRoll),
        figure(s.admissions),
        figure(s.admissionShare, 'percent'),
        figure(s.fairShare, 'percent'),
        figure(s.ratioToFairShare, 'decimal2'),
        figure(s.refusals),
        figure(s.directionsRequested),
        figure(s.directed),
      ]),
    ),
  });
  return sections;
}
