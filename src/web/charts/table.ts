import type { ChartSpec, TableCell, TableModel } from './types';
import { formatCell } from './format';

/** Row labels of a chart: its categories, or its bins' labels. */
export function rowLabels(spec: ChartSpec): string[] {
  return spec.kind === 'histogram' ? spec.bins.map((b) => b.label) : spec.categories;
}

/**
 * The chart's figures as a GOV.UK table: one row per category (or bin), one column per series.
 * Suppressed cells say so (never 0), so the table is the chart for anyone who cannot see it.
 */
export function tableFor(spec: ChartSpec): TableModel {
  const labels = rowLabels(spec);
  const head: TableCell[] = [
    { text: spec.kind === 'histogram' ? spec.xLabel : spec.xLabel },
    ...spec.series.map((s) => ({ text: s.label, format: 'numeric' as const })),
  ];
  const rows = labels.map((label, i): TableCell[] => [
    { text: label },
    ...spec.series.map((s): TableCell => {
      const cell = s.values[i] ?? { value: null, suppressed: false };
      return {
        text: formatCell(cell, spec.format),
        format: 'numeric',
        ...(cell.suppressed ? { classes: 'app-suppressed' } : {}),
      };
    }),
  ]);
  return { caption: spec.title, captionClasses: 'govuk-table__caption--s', firstCellIsHeader: true, head, rows };
}
