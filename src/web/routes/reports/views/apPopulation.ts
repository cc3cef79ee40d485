import { renderChart } from '../../../charts';
import { labelFor } from '../../../../reports/labels';
import { figure, table, text } from '../tables';
import { summaryRow, type Fig, type Section } from './sections';

interface Row {
  key: string;
  label: string;
  placements: Fig;
  pupils: Fig;
}
export interface ApPopulationData {
  apPopulation: {
    on: string;
    placements: Fig;
    pupils: Fig;
    byProvider: { providerId: string; label: string; kind: string; placements: Fig; pupils: Fig }[];
    byTier: Row[];
    byRegistration: Row[];
    byProviderKind: Row[];
    unregistered: {
      placements: Fig;
      pupils: Fig;
      fullTimePupils: Fig;
      partTimePupils: Fig;
      fullTimeThresholdHours: number;
    };
  };
}

const rowsTable = (caption: string, first: string, rows: Row[]) =>
  table(
    caption,
    [{ title: first }, { title: 'Placements', numeric: true }, { title: 'Pupils', numeric: true }],
    rows.map((r) => [text(r.label), figure(r.placements), figure(r.pupils)]),
  );

export async function apPopulationSections(data: ApPopulationData): Promise<Section[]> {
  const r = data.apPopulation;
  return [
    {
      kind: 'summary',
      heading: 'In AP on the day',
      rows: [
        summaryRow('Placements in force', r.placements),
        summaryRow('Pupils in AP', r.pupils),
        summaryRow('Pupils at unregistered providers', r.unregistered.pupils),
        summaryRow(
          `Full-time at unregistered providers (more than ${r.unregistered.fullTimeThresholdHours} hours a week)`,
          r.unregistered.fullTimePupils,
        ),
        summaryRow('Part-time at unregistered providers', r.unregistered.partTimePupils),
      ],
    },
    {
      kind: 'chart',
      heading: 'Pupils in AP by tier',
      chart: await renderChart({
        id: 'chart-population-tier',
        kind: 'bar',
        orientation: 'horizontal',
        title: `Pupils in AP on ${r.on} by tier`,
        description: 'Pupils with a placement in force on the day, by the tier of the placement.',
        xLabel: 'Tier',
        yLabel: 'Pupils',
        categories: r.byTier.map((t) => t.label),
        series: [{ key: 'pupils', label: 'Pupils', values: r.byTier.map((t) => t.pupils) }],
      }),
    },
    {
      kind: 'table',
      table: table(
        'By provider',
        [
          { title: 'Provider' },
          { title: 'Kind' },
          { title: 'Placements', numeric: true },
          { title: 'Pupils', numeric: true },
        ],
        r.byProvider.map((p) => [text(p.label), text(labelFor(p.kind)), figure(p.placements), figure(p.pupils)]),
      ),
    },
    { kind: 'table', table: rowsTable('By tier', 'Tier', r.byTier) },
    { kind: 'table', table: rowsTable('By registration', 'Registration', r.byRegistration) },
    { kind: 'table', table: rowsTable('By provider kind', 'Provider kind', r.byProviderKind) },
  ];
}
