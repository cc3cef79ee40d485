/**
 * Our own small description of a chart. Pages build one from a GraphQL answer; `renderChart` turns it
 * into an accessible SVG (via vega-lite) and the same figures as a table, so the two can never disagree.
 */

/** One figure as a report publishes it: a value, a suppressed count, or nothing (e.g. a rate with no denominator). */
export interface ChartCell {
  value: number | null;
  suppressed: boolean;
}

export interface ChartSeries {
  key: string;
  label: string;
  /** One cell per category (or bin), in the same order. */
  values: ChartCell[];
}

/** How figures are written in labels and in the table. `percent` takes a fraction (0.25 → 25.0%). */
export type ValueFormat = 'integer' | 'decimal1' | 'decimal2' | 'percent';

/** A reference line: on the value axis for bar and line charts, on the x axis (a bin edge) for histograms. */
export interface ChartRule {
  value: number;
  label: string;
}

interface CommonSpec {
  /** Unique on the page: used for the SVG's title/desc ids and its pattern ids. */
  id: string;
  title: string;
  /** What the chart shows, in a sentence or two, for people who cannot see it. */
  description: string;
  xLabel: string;
  yLabel: string;
  format?: ValueFormat;
  series: ChartSeries[];
  rules?: ChartRule[];
  width?: number;
  height?: number;
}

export interface BarChartSpec extends CommonSpec {
  kind: 'bar';
  categories: string[];
  /** Horizontal suits long category names (schools ranked); default vertical. */
  orientation?: 'vertical' | 'horizontal';
}

export interface StackedBarChartSpec extends CommonSpec {
  kind: 'stackedBar';
  categories: string[];
}

export interface LineChartSpec extends CommonSpec {
  kind: 'line';
  categories: string[];
}

export interface HistogramBin {
  /** Inclusive lower edge. */
  from: number;
  /** Exclusive upper edge. */
  to: number;
  label: string;
}

export interface HistogramSpec extends CommonSpec {
  kind: 'histogram';
  bins: HistogramBin[];
}

export type ChartSpec = BarChartSpec | StackedBarChartSpec | LineChartSpec | HistogramSpec;

/** A GOV.UK table (govukTable macro parameters): the chart's figures, suppressed cells shown as suppressed. */
export interface TableCell {
  text: string;
  format?: 'numeric';
  classes?: string;
}

export interface TableModel {
  caption: string;
  captionClasses: string;
  firstCellIsHeader: true;
  head: TableCell[];
  rows: TableCell[][];
}

export interface RenderedChart {
  svg: string;
  table: TableModel;
}
