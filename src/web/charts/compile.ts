import type { TopLevelSpec } from 'vega-lite';
import type { ChartCell, ChartSpec, ValueFormat } from './types';
import { formatValue, SUPPRESSED_TEXT } from './format';
import {
  GOVUK_BORDER,
  GOVUK_SECONDARY_TEXT,
  GOVUK_TEXT,
  LINE_DASHES,
  POINT_SHAPES,
  patternId,
  seriesColour,
  seriesPattern,
} from './palette';
import { rowLabels } from './table';

/**
 * ChartSpec → vega-lite. Only cells with a value become marks: a suppressed cell gets a "suppressed"
 * annotation where its mark would be, and a cell with no value gets nothing, so neither is ever drawn as 0.
 */

export const CHART_FONT = '"GDS Transport", arial, sans-serif';
const LABEL_SIZE = 13;

type Status = 'value' | 'suppressed' | 'none';

interface Row {
  cat: string;
  ci: number;
  series: string;
  si: number;
  value: number | null;
  status: Status;
  text: string;
  // Stacked charts and histograms: the segment's extent, computed here so the stack is exact.
  start?: number;
  end?: number;
  mid?: number;
  showLabel?: boolean;
  from?: number;
  to?: number;
  centre?: number;
}

interface Annotation {
  cat: string;
  ci: number;
  at: number;
  text: string;
  centre?: number;
}

const statusOf = (c: ChartCell): Status => (c.suppressed ? 'suppressed' : c.value === null ? 'none' : 'value');

function axisFormat(format: ValueFormat): { format: string; tickMinStep?: number } {
  switch (format) {
    case 'integer':
      return { format: ',d', tickMinStep: 1 };
    case 'decimal1':
      return { format: ',.1f' };
    case 'decimal2':
      return { format: ',.2f' };
    case 'percent':
      return { format: '.0%' };
  }
}

function rowsOf(spec: ChartSpec): Row[] {
  const labels = rowLabels(spec);
  const format = spec.format ?? 'integer';
  const rows: Row[] = [];
  labels.forEach((cat, ci) => {
    spec.series.forEach((s, si) => {
      const cell = s.values[ci] ?? { value: null, suppressed: false };
      const status = statusOf(cell);
      rows.push({
        cat,
        ci,
        series: s.label,
        si,
        value: status === 'value' ? cell.value : null,
        status,
        text: status === 'value' ? formatValue(cell.value!, format) : SUPPRESSED_TEXT,
      });
    });
  });
  return rows;
}

/** Stacks each category's visible segments in series order; returns the tallest stack. */
function stack(rows: Row[], height: number): number {
  const tops = new Map<number, number>();
  for (const r of rows) {
    if (r.status !== 'value') continue;
    const start = tops.get(r.ci) ?? 0;
    r.start = start;
    r.end = start + r.value!;
    r.mid = start + r.value! / 2;
    tops.set(r.ci, r.end);
  }
  const max = Math.max(0, ...tops.values());
  // A figure goes inside its segment only where it fits; the table always has it.
  // Patterned segments would make white figures hard to read, so only solid ones are labelled inside.
  for (const r of rows)
    if (r.status === 'value')
      r.showLabel = seriesPattern(r.si) === 'solid' && max > 0 && (r.value! / max) * height >= LABEL_SIZE + 4;
  return max;
}

/** One annotation per category listing its suppressed series, placed on top of what is drawn there. */
function suppressedNotes(spec: ChartSpec, rows: Row[]): Annotation[] {
  const byCat = new Map<number, Row[]>();
  for (const r of rows) if (r.status === 'suppressed') byCat.set(r.ci, [...(byCat.get(r.ci) ?? []), r]);
  const notes: Annotation[] = [];
  for (const [ci, rs] of byCat) {
    const top = Math.max(0, ...rows.filter((r) => r.ci === ci && r.status === 'value').map((r) => r.end ?? 0));
    const text = spec.series.length > 1 ? `${rs.map((r) => r.series).join(', ')}: ${SUPPRESSED_TEXT}` : SUPPRESSED_TEXT;
    notes.push({
      cat: rs[0]!.cat,
      ci,
      at: top,
      text,
      ...(rs[0]!.centre !== undefined ? { centre: rs[0]!.centre } : {}),
    });
  }
  return notes;
}

function fills(spec: ChartSpec): string[] {
  return spec.series.map((_, i) => (seriesPattern(i) === 'solid' ? seriesColour(i) : `url(#${patternId(spec.id, i)})`));
}

const seriesScale = (spec: ChartSpec) => ({ domain: spec.series.map((s) => s.label) });

const DEFAULT_WIDTH = 640;

/**
 * The legend above the plot. A one-row legend wider than the plot widens the SVG, and the page then
 * scales the whole chart down to fit its column (13 reasons or five school names made the plot tiny):
 * more than three series wrap into columns that fit inside the plot's width.
 */
function legend(spec: ChartSpec) {
  if (spec.series.length <= 1) return null;
  const width = spec.width ?? DEFAULT_WIDTH;
  // Without a canvas vega estimates a label at 0.8 × font size a character; add the symbol and a gap,
  // and take as many columns as the longest label allows.
  const longestLabel = Math.ceil(Math.max(...spec.series.map((s) => s.label.length)) * 0.8 * LABEL_SIZE);
  const columns = spec.series.length <= 3 ? spec.series.length : Math.max(1, Math.floor(width / (longestLabel + 40)));
  return {
    title: null,
    orient: 'top' as const,
    direction: 'horizontal' as const,
    columns,
    symbolSize: 200,
    labelFontSize: LABEL_SIZE,
    labelLimit: Math.max(longestLabel + 2, Math.floor(width / columns) - 24),
  };
}

export function toVegaLite(spec: ChartSpec): TopLevelSpec {
  const width = spec.width ?? DEFAULT_WIDTH;
  const format = spec.format ?? 'integer';
  const rows = rowsOf(spec);
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: spec.description,
    config: {
      aria: false,
      font: CHART_FONT,
      view: { stroke: null },
      axis: {
        labelFont: CHART_FONT,
        titleFont: CHART_FONT,
        labelFontSize: LABEL_SIZE,
        titleFontSize: 14,
        labelColor: GOVUK_TEXT,
        titleColor: GOVUK_TEXT,
        domainColor: GOVUK_TEXT,
        tickColor: GOVUK_TEXT,
        gridColor: GOVUK_BORDER,
        labelLimit: 220,
      },
      legend: { labelFont: CHART_FONT, labelColor: GOVUK_TEXT, symbolOpacity: 1, symbolStrokeWidth: 2 },
      text: { font: CHART_FONT, fontSize: LABEL_SIZE, fill: GOVUK_TEXT },
    },
  };
  const valueAxis = { title: spec.yLabel, ...axisFormat(format) };
  const rules = spec.rules ?? [];

  if (spec.kind === 'bar') {
    const horizontal = spec.orientation === 'horizontal';
    const multi = spec.series.length > 1;
    const height =
      spec.height ??
      (horizontal ? Math.max(120, spec.categories.length * (multi ? 14 * spec.series.length + 8 : 26)) : 280);
    const cat = {
      field: 'cat',
      type: 'nominal' as const,
      sort: null,
      scale: { domain: spec.categories },
      title: spec.xLabel,
      axis: horizontal ? { labelAngle: 0 } : { labelAngle: spec.categories.length > 8 ? -45 : 0 },
    };
    const val = {
      field: 'value',
      type: 'quantitative' as const,
      title: spec.yLabel,
      axis: valueAxis,
      scale: { zero: true },
      stack: null,
    };
    const at = { field: 'at', type: 'quantitative' as const };
    const offset = multi ? { field: 'series', type: 'nominal' as const, scale: seriesScale(spec) } : undefined;
    // Each layer states its whole encoding: vega-lite merges a shared encoding field by field.
    const place = (value: object) =>
      horizontal
        ? { y: cat, x: value, ...(offset ? { yOffset: offset } : {}) }
        : { x: cat, y: value, ...(offset ? { xOffset: offset } : {}) };
    const labelFits = horizontal || spec.categories.length * spec.series.length <= 24;
    const notes = rows.filter((r) => r.status === 'suppressed').map((r) => ({ ...r, at: 0 }));
    return {
      ...base,
      width,
      height,
      data: { values: rows as never },
      layer: [
        {
          transform: [{ filter: "datum.status === 'value'" }],
          mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 1 },
          encoding: {
            ...place(val),
            fill: {
              field: 'series',
              type: 'nominal',
              scale: { ...seriesScale(spec), range: fills(spec) },
              legend: legend(spec),
            },
          },
        },
        ...(labelFits
          ? [
              {
                transform: [{ filter: "datum.status === 'value'" }],
                mark: horizontal
                  ? { type: 'text' as const, align: 'left' as const, dx: 4, baseline: 'middle' as const }
                  : { type: 'text' as const, baseline: 'bottom' as const, dy: -3 },
                encoding: { ...place(val), text: { field: 'text', type: 'nominal' as const } },
              },
            ]
          : []),
        ...(notes.length
          ? [
              {
                data: { values: notes as never },
                mark: horizontal
                  ? {
                      type: 'text' as const,
                      align: 'left' as const,
                      dx: 4,
                      baseline: 'middle' as const,
                      fill: GOVUK_SECONDARY_TEXT,
                      fontStyle: 'italic',
                    }
                  : {
                      type: 'text' as const,
                      angle: 270,
                      align: 'left' as const,
                      dx: 4,
                      baseline: 'middle' as const,
                      fill: GOVUK_SECONDARY_TEXT,
                      fontStyle: 'italic',
                    },
                encoding: { ...place(at), text: { field: 'text', type: 'nominal' as const } },
              },
            ]
          : []),
        ...valueRules(rules, horizontal),
      ],
    } as TopLevelSpec;
  }

  if (spec.kind === 'stackedBar') {
    const height = spec.height ?? 280;
    stack(rows, height);
    const notes = suppressedNotes(spec, rows);
    const x = {
      field: 'cat',
      type: 'nominal' as const,
      sort: null,
      scale: { domain: spec.categories },
      title: spec.xLabel,
      axis: { labelAngle: spec.categories.length > 8 ? -45 : 0 },
    };
    return {
      ...base,
      width,
      height,
      data: { values: rows as never },
      layer: [
        {
          transform: [{ filter: "datum.status === 'value'" }],
          mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 1 },
          encoding: {
            x,
            y: { field: 'start', type: 'quantitative', title: spec.yLabel, axis: valueAxis, scale: { zero: true } },
            y2: { field: 'end' },
            fill: {
              field: 'series',
              type: 'nominal',
              scale: { ...seriesScale(spec), range: fills(spec) },
              legend: legend(spec),
            },
          },
        },
        {
          transform: [{ filter: 'datum.showLabel' }],
          mark: { type: 'text', baseline: 'middle', fill: '#ffffff', fontWeight: 'bold' },
          encoding: { x, y: { field: 'mid', type: 'quantitative' }, text: { field: 'text', type: 'nominal' } },
        },
        ...(notes.length
          ? [
              {
                data: { values: notes as never },
                mark: {
                  type: 'text' as const,
                  angle: 270,
                  align: 'left' as const,
                  dx: 4,
                  baseline: 'middle' as const,
                  fill: GOVUK_SECONDARY_TEXT,
                  fontStyle: 'italic',
                },
                encoding: {
                  x,
                  y: { field: 'at', type: 'quantitative' as const },
                  text: { field: 'text', type: 'nominal' as const },
                },
              },
            ]
          : []),
        ...valueRules(rules, false),
      ],
    } as TopLevelSpec;
  }

  if (spec.kind === 'line') {
    const height = spec.height ?? 280;
    const notes = suppressedNotes(spec, rows).map((n) => ({ ...n, at: 0 }));
    const x = {
      field: 'cat',
      type: 'nominal' as const,
      sort: null,
      scale: { domain: spec.categories },
      title: spec.xLabel,
      axis: { labelAngle: spec.categories.length > 8 ? -45 : 0 },
    };
    const stroke = {
      field: 'series',
      type: 'nominal' as const,
      scale: { ...seriesScale(spec), range: spec.series.map((_, i) => seriesColour(i)) },
      legend: legend(spec),
    };
    const lastPoints = spec.series.flatMap((_, si) => {
      const valid = rows.filter((r) => r.si === si && r.status === 'value');
      return valid.length ? [valid[valid.length - 1]!] : [];
    });
    return {
      ...base,
      width,
      height,
      data: { values: rows as never },
      layer: [
        {
          mark: { type: 'line', strokeWidth: 3 },
          encoding: {
            x,
            y: { field: 'value', type: 'quantitative', title: spec.yLabel, axis: valueAxis, scale: { zero: true } },
            stroke,
            // One legend showing colour, dash and shape together.
            strokeDash: {
              field: 'series',
              type: 'nominal',
              scale: { ...seriesScale(spec), range: spec.series.map((_, i) => LINE_DASHES[i % LINE_DASHES.length]!) },
              legend: legend(spec),
            },
          },
        },
        {
          transform: [{ filter: "datum.status === 'value'" }],
          mark: { type: 'point', filled: true, size: 70 },
          encoding: {
            x,
            y: { field: 'value', type: 'quantitative' },
            fill: stroke,
            shape: {
              field: 'series',
              type: 'nominal',
              scale: { ...seriesScale(spec), range: spec.series.map((_, i) => POINT_SHAPES[i % POINT_SHAPES.length]!) },
              legend: legend(spec),
            },
          },
        },
        // Each line is named at its last point, so the legend's colours are not needed to tell them apart.
        ...(spec.series.length > 1
          ? [
              {
                data: { values: lastPoints as never },
                mark: {
                  type: 'text' as const,
                  align: 'left' as const,
                  dx: 8,
                  baseline: 'middle' as const,
                  fontWeight: 'bold',
                },
                encoding: {
                  x,
                  y: { field: 'value', type: 'quantitative' as const },
                  text: { field: 'series', type: 'nominal' as const },
                },
              },
            ]
          : []),
        ...(notes.length
          ? [
              {
                data: { values: notes as never },
                mark: {
                  type: 'text' as const,
                  angle: 270,
                  align: 'left' as const,
                  dx: 4,
                  baseline: 'middle' as const,
                  fill: GOVUK_SECONDARY_TEXT,
                  fontStyle: 'italic',
                },
                encoding: {
                  x,
                  y: { field: 'at', type: 'quantitative' as const },
                  text: { field: 'text', type: 'nominal' as const },
                },
              },
            ]
          : []),
        ...valueRules(rules, false),
      ],
    } as TopLevelSpec;
  }

  // Histogram: bins on a continuous axis so the rules (e.g. tier limits) sit at their true place.
  const height = spec.height ?? 280;
  for (const r of rows) {
    const bin = spec.bins[r.ci]!;
    r.from = bin.from;
    r.to = bin.to;
    r.centre = (bin.from + bin.to) / 2;
  }
  stack(rows, height);
  const notes = suppressedNotes(spec, rows);
  const lo = Math.min(...spec.bins.map((b) => b.from), ...rules.map((r) => r.value));
  const hi = Math.max(...spec.bins.map((b) => b.to), ...rules.map((r) => r.value));
  const xScale = { domain: [lo, hi], nice: false, zero: false };
  return {
    ...base,
    width,
    height,
    data: { values: rows as never },
    layer: [
      {
        transform: [{ filter: "datum.status === 'value'" }],
        mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 1 },
        encoding: {
          x: { field: 'from', type: 'quantitative', title: spec.xLabel, scale: xScale, axis: { format: ',d' } },
          x2: { field: 'to' },
          y: { field: 'start', type: 'quantitative', title: spec.yLabel, axis: valueAxis, scale: { zero: true } },
          y2: { field: 'end' },
          fill: {
            field: 'series',
            type: 'nominal',
            scale: { ...seriesScale(spec), range: fills(spec) },
            legend: legend(spec),
          },
        },
      },
      {
        transform: [{ filter: 'datum.showLabel' }],
        mark: { type: 'text', baseline: 'middle', fill: '#ffffff', fontWeight: 'bold' },
        encoding: {
          x: { field: 'centre', type: 'quantitative', scale: xScale },
          y: { field: 'mid', type: 'quantitative' },
          text: { field: 'text', type: 'nominal' },
        },
      },
      ...(notes.length
        ? [
            {
              data: { values: notes as never },
              mark: {
                type: 'text' as const,
                angle: 270,
                align: 'left' as const,
                dx: 4,
                baseline: 'middle' as const,
                fill: GOVUK_SECONDARY_TEXT,
                fontStyle: 'italic',
              },
              encoding: {
                x: { field: 'centre', type: 'quantitative' as const, scale: xScale },
                y: { field: 'at', type: 'quantitative' as const },
                text: { field: 'text', type: 'nominal' as const },
              },
            },
          ]
        : []),
      ...rules.flatMap((rule, i) => [
        {
          data: { values: [rule] as never },
          mark: { type: 'rule' as const, stroke: GOVUK_TEXT, strokeWidth: 2, strokeDash: [6, 3] },
          encoding: { x: { field: 'value', type: 'quantitative' as const, scale: xScale } },
        },
        {
          data: { values: [rule] as never },
          // Above the plot, so a label never sits on a bar.
          mark: {
            type: 'text' as const,
            align: 'left' as const,
            dx: 4,
            baseline: 'bottom' as const,
            y: -4 - i * (LABEL_SIZE + 4),
            fontWeight: 'bold',
          },
          encoding: {
            x: { field: 'value', type: 'quantitative' as const, scale: xScale },
            text: { field: 'label', type: 'nominal' as const },
          },
        },
      ]),
    ],
  } as TopLevelSpec;
}

/** Reference lines across the value axis (e.g. a ratio of 1 = proportionate). */
function valueRules(rules: { value: number; label: string }[], horizontal: boolean) {
  return rules.flatMap((rule) => {
    const pos = horizontal
      ? { x: { field: 'value', type: 'quantitative' as const } }
      : { y: { field: 'value', type: 'quantitative' as const } };
    return [
      {
        data: { values: [rule] as never },
        mark: { type: 'rule' as const, stroke: GOVUK_TEXT, strokeWidth: 2, strokeDash: [6, 3] },
        encoding: pos,
      },
      {
        data: { values: [rule] as never },
        mark: horizontal
          ? {
              type: 'text' as const,
              align: 'left' as const,
              dx: 4,
              baseline: 'bottom' as const,
              y: -4,
              fontWeight: 'bold',
            }
          : {
              type: 'text' as const,
              align: 'right' as const,
              baseline: 'bottom' as const,
              dy: -3,
              x: { expr: 'width' },
              fontWeight: 'bold',
            },
        encoding: { ...pos, text: { field: 'label', type: 'nominal' as const } },
      },
    ];
  });
}
