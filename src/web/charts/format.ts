import type { ChartCell, ValueFormat } from './types';

export const SUPPRESSED_TEXT = 'suppressed';
export const NO_VALUE_TEXT = 'no value';

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const decimal1 = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const decimal2 = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-GB', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** The one way a figure is written, in a chart label and in its table alike. */
export function formatValue(value: number, format: ValueFormat = 'integer'): string {
  switch (format) {
    case 'integer':
      return integer.format(value);
    case 'decimal1':
      return decimal1.format(value);
    case 'decimal2':
      return decimal2.format(value);
    case 'percent':
      return percent.format(value);
  }
}

export function formatCell(cell: ChartCell, format?: ValueFormat): string {
  if (cell.suppressed) return SUPPRESSED_TEXT;
  if (cell.value === null) return NO_VALUE_TEXT;
  return formatValue(cell.value, format);
}
