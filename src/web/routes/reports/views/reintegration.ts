import { renderChart } from '../../../charts';
import { figure, table, text } from '../tables';
import { summaryRow, percent, type Fig, type Section } from './sections';

export interface ReintegrationFigures {
  key: string;
  label: string;
  attempted: Fig;
  sustained: Fig;
  brokenDown: Fig;
  pending: Fig;
  rate: Fig;
}
export interface ReintegrationData {
  reintegrationReport: {
    total: ReintegrationFigures;
    byProvider: ReintegrationFigures[];
    byReceivingSchool: ReintegrationFigures[];
  };
}

export const reintegrationColumns = (first: string) => [
  { title: first },
  { title: 'Attempted', numeric: true },
  { title: 'Sustained', numeric: true },
  { title: 'Broken down', numeric: true },
  { title: 'Pending', numeric: true },
  { title: 'Sustained rate', numeric: true },
];
export const reintegrationCells = (r: ReintegrationFigures) => [
  text(r.label),
  figure(r.attempted),
  figure(r.sustained),
  figure(r.brokenDown),
  figure(r.pending),
  figure(r.rate, 'percent'),
];

export async function reintegrationSections(data: ReintegrationData): Promise<Section[]> {
  const r = data.reintegrationReport;
  const sections: Section[] = [
    {
      kind: 'summary',
      heading: 'All reintegrations',
      rows: [
        summaryRow('Attempted', r.total.attempted),
        summaryRow('Sustained', r.total.sustained),
        summaryRow('Broken down', r.total.brokenDown),
        summaryRow('Pending', r.total.pending),
        summaryRow('Sustained rate (sustained ÷ sustained and broken down)', r.total.rate, percent),
      ],
    },
  ];
  if (r.byProvider.length) {
    sections.push({
      kind: 'chart',
      heading: 'Outcomes by provider left',
      chart: await renderChart({
        id: 'chart-reintegration-provider',
        kind: 'stackedBar',
        title: 'Reintegration outcomes by the provider the pupil left',
        description:
          'Returns to mainstream starting in the period: sustained, broken down and still pending, for each provider.',
        xLabel: 'Provider',
        yLabel: 'Reintegrations',
        categories: r.byProvider.map((p) => p.label),
        series: [
          { key: 'sustained', label: 'Sustained', values: r.byProvider.map((p) => p.sustained) },
          { key: 'brokenDown', label: 'Broken down', values: r.byProvider.map((p) => p.brokenDown) },
          { key: 'pending', label: 'Pending', values: r.byProvider.map((p) => p.pending) },
        ],
      }),
    });
  }
  sections.push(
    {
      kind: 'table',
      table: table('By provider left', reintegrationColumns('Provider'), r.byProvider.map(reintegrationCells)),
    },
    {
      kind: 'table',
      table: table('By receiving school', reintegrationColumns('School'), r.byReceivingSchool.map(reintegrationCells)),
    },
  );
  return sections;
}
