import type { RenderedChart } from '../../../charts';
import type { Table } from '../tables';

/** A report page is a list of sections, drawn in order by views/pages/reports/report.njk. */
export type Section =
  | { kind: 'summary'; heading: string; rows: { key: { text: string }; value: { text: string; classes?: string } }[] }
  | { kind: 'table'; table: Table; note?: string }
  | { kind: 'chart'; heading: string; note?: string; chart: RenderedChart };

export type Fig = { value: number | null; suppressed: boolean };

/** A summary list row for a figure: suppressed says so. */
export function summaryRow(
  label: string,
  f: Fig,
  format: (n: number) => string = (n) => new Intl.NumberFormat('en-GB').format(n),
) {
  return {
    key: { text: label },
    value: f.suppressed
      ? { text: 'suppressed', classes: 'app-suppressed' }
      : { text: f.value === null ? 'no value' : format(f.value) },
  };
}

export const percent = (n: number) =>
  new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
