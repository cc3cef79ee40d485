import { renderChart } from '../../../charts';
import { labelFor } from '../../../../reports/labels';
import { figure, numberCell, table, text } from '../tables';
import type { Fig, Section } from './sections';

interface SchoolRow {
  schoolId: string;
  name: string;
  phase: string;
  numberOnRoll: number;
  pupilsMovedToAp: Fig;
  movedPer100OnRoll: Fig;
  permanentExclusions: Fig;
  offSiteDirections: Fig;
  disproportionality: { characteristic: string; ratio: Fig }[];
  unexplainedExitCandidates: Fig;
  year10Cohort: Fig;
  year11RollLosses: Fig;
  year11RollLossRate: Fig;
}
export interface SchoolProfileData {
  schoolMovementProfile: { year10Census: string; year11Census: string; schools: SchoolRow[] };
}

const CHARACTERISTICS = ['SEN_SUPPORT', 'EHCP', 'LOOKED_AFTER', 'FSM', 'SOCIAL_CARE'];
const CHARACTERISTIC_TITLES: Record<string, string> = {
  SEN_SUPPORT: 'SEN support',
  EHCP: 'EHC plan',
  LOOKED_AFTER: 'Looked after',
  FSM: 'Free school meals',
  SOCIAL_CARE: 'Social care',
};
/** Schools shown in the ranking chart: enough to see the pattern, the rest are in the table. */
const RANKED = 15;

export async function schoolProfileSections(data: SchoolProfileData): Promise<Section[]> {
  const r = data.schoolMovementProfile;
  // Highest rate first; suppressed and undefined rates go last (their order tells nothing).
  const ranked = [...r.schools]
    .sort(
      (a, b) => (b.movedPer100OnRoll.value ?? -1) - (a.movedPer100OnRoll.value ?? -1) || a.name.localeCompare(b.name),
    )
    .slice(0, RANKED);
  const sections: Section[] = [];
  if (ranked.length) {
    sections.push({
      kind: 'chart',
      heading: 'Schools ranked by moves to AP per 100 on roll',
      note: ranked.length < r.schools.length ? `The ${RANKED} highest; every school is in the table below.` : undefined,
      chart: await renderChart({
        id: 'chart-school-ranking',
        kind: 'bar',
        orientation: 'horizontal',
        format: 'decimal2',
        title: 'Pupils moved into AP per 100 on roll, by school',
        description:
          'Distinct pupils with a placement starting in the period, per 100 pupils on the school’s published roll, highest first.',
        xLabel: 'School',
        yLabel: 'Moves to AP per 100 on roll',
        categories: ranked.map((s) => s.name),
        series: [{ key: 'per100', label: 'Moves per 100 on roll', values: ranked.map((s) => s.movedPer100OnRoll) }],
      }),
    });
  }
  sections.push({
    kind: 'table',
    table: table(
      'Moves, exclusions and roll losses by school',
      [
        { title: 'School' },
        { title: 'Phase' },
        { title: 'On roll', numeric: true },
        { title: 'Pupils moved to AP', numeric: true },
        { title: 'Per 100 on roll', numeric: true },
        { title: 'Permanent exclusions', numeric: true },
        { title: 'Off-site directions', numeric: true },
        { title: 'Unexplained exits (M1)', numeric: true },
        { title: 'Year 10 cohort', numeric: true },
        { title: 'Year 11 roll losses (M2)', numeric: true },
      ],
      r.schools.map((s) => [
        text(s.name),
        text(labelFor(s.phase)),
        numberCell(s.numberOnRoll),
        figure(s.pupilsMovedToAp),
        figure(s.movedPer100OnRoll, 'decimal2'),
        figure(s.permanentExclusions),
        figure(s.offSiteDirections),
        figure(s.unexplainedExitCandidates),
        figure(s.year10Cohort),
        figure(s.year11RollLosses),
      ]),
    ),
    note: `Year 11 roll losses compare the January censuses of ${r.year10Census} and ${r.year11Census}. Unexplained exits are a prompt to look, not a finding.`,
  });
  sections.push({
    kind: 'table',
    table: table(
      'Disproportionality by characteristic',
      [{ title: 'School' }, ...CHARACTERISTICS.map((c) => ({ title: CHARACTERISTIC_TITLES[c]!, numeric: true }))],
      r.schools.map((s) => [
        text(s.name),
        ...CHARACTERISTICS.map((c) =>
          figure(
            s.disproportionality.find((d) => d.characteristic === c)?.ratio ?? { value: null, suppressed: false },
            'decimal2',
          ),
        ),
      ]),
    ),
    note: 'The share of pupils moved who have the characteristic divided by its share on the school’s roll: 1 is proportionate, 2 is twice as common among pupils moved.',
  });
  return sections;
}
