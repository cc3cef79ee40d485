import { renderChart } from '../../../charts';
import { figure, table, text } from '../tables';
import { summaryRow, type Fig, type Section } from './sections';

interface Row {
  key: string;
  label: string;
  entries: Fig | null;
  exits: Fig;
}
export interface MovementSummaryData {
  movementSummary: {
    entries: Fig;
    exits: Fig;
    transfersIn: Fig;
    newToAp: Fig;
    pupilsEntering: Fig;
    breakdowns: { dimension: string; rows: Row[] }[];
  };
}

/** "Reason for the placement" → "reason for the placement"; "SEN status" and "EHC plan" keep their capitals. */
function inSentence(title: string): string {
  return /^[A-Z]{2}/.test(title) ? title : title.charAt(0).toLowerCase() + title.slice(1);
}

export const DIMENSION_TITLES: Record<string, string> = {
  REASON: 'Reason for the placement',
  LEGAL_BASIS: 'Legal basis',
  TIER: 'Tier',
  DESTINATION: 'Destination on exit',
  PROVIDER: 'Provider',
  COMMISSIONING_SCHOOL: 'Commissioning school',
  YEAR_GROUP: 'Year group',
  SEN_STATUS: 'SEN status',
  EHCP: 'EHC plan',
  LOOKED_AFTER: 'Looked after',
  FSM: 'Free school meals',
  SEX: 'Sex',
  ETHNICITY: 'Ethnicity',
  SETTING_TYPE: 'Setting type (DfE statistics)',
};

export async function movementSummarySections(data: MovementSummaryData): Promise<Section[]> {
  const r = data.movementSummary;
  const reasons = r.breakdowns.find((b) => b.dimension === 'REASON');
  const sections: Section[] = [
    {
      kind: 'summary',
      heading: 'Totals',
      rows: [
        summaryRow('Entries (placements starting)', r.entries),
        summaryRow('Exits (placements ending)', r.exits),
        summaryRow('Transfers in from another provider', r.transfersIn),
        summaryRow('New to AP', r.newToAp),
        summaryRow('Pupils entering', r.pupilsEntering),
      ],
    },
  ];
  if (reasons?.rows.length) {
    sections.push({
      kind: 'chart',
      heading: 'Entries and exits by reason',
      chart: await renderChart({
        id: 'chart-movement-reasons',
        kind: 'bar',
        orientation: 'horizontal',
        title: 'Entries into and exits from AP by reason',
        description:
          'Placements starting (entries) and ending (exits) in the period, for each reason for the placement.',
        xLabel: 'Reason',
        yLabel: 'Placements',
        categories: reasons.rows.map((row) => row.label),
        series: [
          {
            key: 'entries',
            label: 'Entries',
            values: reasons.rows.map((row) => row.entries ?? { value: null, suppressed: false }),
          },
          { key: 'exits', label: 'Exits', values: reasons.rows.map((row) => row.exits) },
        ],
      }),
    });
  }
  for (const b of r.breakdowns) {
    const title = DIMENSION_TITLES[b.dimension] ?? b.dimension;
    sections.push({
      kind: 'table',
      table: table(
        `By ${inSentence(title)}`,
        [{ title }, { title: 'Entries', numeric: true }, { title: 'Exits', numeric: true }],
        b.rows.map((row) => [text(row.label), figure(row.entries), figure(row.exits)]),
      ),
    });
  }
  return sections;
}
