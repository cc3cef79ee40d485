import { formatCell, type ChartCell, type ValueFormat } from '../../charts';

/** A report figure as GraphQL answers it (ReportCount or ReportNumber). */
export type Figure = ChartCell;

/** A govukTable cell; `attributes` carry the sort key the MoJ sortable table uses. */
export interface Cell {
  text: string;
  format?: 'numeric';
  classes?: string;
  attributes?: Record<string, string>;
  html?: string;
}

export interface Column {
  title: string;
  numeric?: boolean;
}

/** govukTable parameters. */
export interface Table {
  caption: string;
  captionClasses: string;
  firstCellIsHeader: boolean;
  attributes?: Record<string, string>;
  head: { text: string; format?: 'numeric'; attributes?: Record<string, string> }[];
  rows: Cell[][];
}

/** A figure's cell: written as the charts write it; suppressed says "suppressed", never 0. */
export function figure(f: Figure | null | undefined, format: ValueFormat = 'integer'): Cell {
  if (!f) return { text: 'not applicable', format: 'numeric' };
  return {
    text: formatCell(f, format),
    format: 'numeric',
    ...(f.suppressed ? { classes: 'app-suppressed' } : {}),
    // Suppressed and empty cells sort below every figure.
    attributes: { 'data-sort-value': f.value === null ? '-1' : String(f.value) },
  };
}

export const text = (t: string): Cell => ({ text: t });
export const numberCell = (n: number): Cell => ({
  text: new Intl.NumberFormat('en-GB').format(n),
  format: 'numeric',
  attributes: { 'data-sort-value': String(n) },
});

/**
 * A GOV.UK table; sortable (MoJ sortable table) when it has more than a few rows. Without JavaScript
 * it is a plain table in the report's order.
 */
export function table(caption: string, columns: Column[], rows: Cell[][], opts: { sortable?: boolean } = {}): Table {
  const sortable = opts.sortable ?? rows.length > 3;
  return {
    caption,
    captionClasses: 'govuk-table__caption--m',
    firstCellIsHeader: true,
    ...(sortable ? { attributes: { 'data-module': 'moj-sortable-table' } } : {}),
    head: columns.map((c) => ({
      text: c.title,
      ...(c.numeric ? { format: 'numeric' as const } : {}),
      ...(sortable ? { attributes: { 'aria-sort': 'none' } } : {}),
    })),
    rows,
  };
}
