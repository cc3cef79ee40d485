import { describe, expect, it } from 'vitest';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { drawChart, renderChart, type ChartSpec } from '../../../src/web/charts';
import { contrastRatio, SERIES_COLOURS } from '../../../src/web/charts/palette';

const cell = (value: number) => ({ value, suppressed: false });
const suppressed = { value: null, suppressed: true };
const none = { value: null, suppressed: false };

function parse(svg: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') errors.push(msg);
    },
  }).parseFromString(svg, 'image/svg+xml');
  expect(errors).toEqual([]);
  return doc;
}

const all = (doc: Document, tag: string): Element[] => Array.from(doc.getElementsByTagName(tag));
/** Text drawn as marks (not the title/desc): what a sighted reader sees. */
const drawnText = (doc: Document) => all(doc, 'text').map((t) => t.textContent ?? '');
/** Bars: vega draws rect marks as <path> inside a group classed mark-rect. */
const barCount = (doc: Document) =>
  all(doc, 'g')
    .filter((g) => /\bmark-rect\b/.test(g.getAttribute('class') ?? ''))
    .reduce((n, g) => n + all(g as unknown as Document, 'path').length, 0);

const monthly: ChartSpec = {
  id: 'entries-exits',
  kind: 'bar',
  title: 'Entries into and exits from AP by month',
  description: 'Placements starting and ending each month of 2025-26.',
  xLabel: 'Month',
  yLabel: 'Placements',
  categories: ['September', 'October', 'November'],
  series: [
    { key: 'entries', label: 'Entries', values: [cell(1234), suppressed, cell(17)] },
    { key: 'exits', label: 'Exits', values: [cell(9), cell(0), none] },
  ],
};

describe('renderChart', () => {
  it('draws a well-formed SVG image with a title and description that label it', async () => {
    const { svg } = await renderChart(monthly);
    const doc = parse(svg);
    const root = doc.documentElement!;
    expect(root.tagName).toBe('svg');
    expect(root.getAttribute('role')).toBe('img');
    const [titleId, descId] = (root.getAttribute('aria-labelledby') ?? '').split(' ');
    const title = all(doc, 'title')[0]!;
    const desc = all(doc, 'desc')[0]!;
    expect(title.getAttribute('id')).toBe(titleId);
    expect(desc.getAttribute('id')).toBe(descId);
    expect(title.textContent).toBe('Entries into and exits from AP by month');
    expect(desc.textContent).toContain('Placements starting and ending each month of 2025-26.');
    expect(desc.textContent).toContain('October (Entries)');
    expect(root.getAttribute('viewBox')).toMatch(/^0 0 \d+ \d+$/);
  });

  it('labels the bars with their figures and draws one bar per figure with a value', async () => {
    const doc = parse((await renderChart(monthly)).svg);
    const text = drawnText(doc);
    for (const figure of ['1,234', '17', '9', '0']) expect(text).toContain(figure);
    // Both axes are drawn with their titles.
    expect(text).toEqual(expect.arrayContaining(['Month', 'Placements', 'September']));
    // Six cells: one suppressed and one without a value are not drawn; 0 is drawn (as a zero-height bar).
    expect(barCount(doc)).toBe(4);
  });

  it('never plots a suppressed cell: no mark, an annotation instead, and "suppressed" in the table', async () => {
    const onlySuppressed: ChartSpec = {
      ...monthly,
      id: 'one',
      series: [{ key: 'e', label: 'Entries', values: [cell(12), suppressed, cell(30)] }],
    };
    const { svg, table } = await renderChart(onlySuppressed);
    const doc = parse(svg);
    expect(barCount(doc)).toBe(2);
    expect(drawnText(doc)).toContain('suppressed');
    expect(table.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['September', '12'],
      ['October', 'suppressed'],
      ['November', '30'],
    ]);
    expect(table.rows[1]![1]!.classes).toBe('app-suppressed');
  });

  it('gives the table the chart figures: a column per series, a row per category', async () => {
    const { table } = await renderChart(monthly);
    expect(table.caption).toBe(monthly.title);
    expect(table.head.map((h) => h.text)).toEqual(['Month', 'Entries', 'Exits']);
    expect(table.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['September', '1,234', '9'],
      ['October', 'suppressed', '0'],
      ['November', '17', 'no value'],
    ]);
  });

  it('renders every kind, with patterns telling series apart without colour', async () => {
    const specs: ChartSpec[] = [
      { ...monthly, id: 'stacked', kind: 'stackedBar' },
      { ...monthly, id: 'line', kind: 'line' },
      {
        ...monthly,
        id: 'ranked',
        kind: 'bar',
        orientation: 'horizontal',
        format: 'decimal1',
        rules: [{ value: 1, label: 'Proportionate' }],
      },
      {
        id: 'stays',
        kind: 'histogram',
        title: 'Stay lengths',
        description: 'Closed stays by length.',
        xLabel: 'School days',
        yLabel: 'Stays',
        bins: [
          { from: 0, to: 30, label: '0 to 29' },
          { from: 30, to: 60, label: '30 to 59' },
          { from: 60, to: 90, label: '60 to 89' },
        ],
        series: [{ key: 'closed', label: 'Closed stays', values: [cell(40), suppressed, cell(6)] }],
        rules: [{ value: 60, label: 'Tier 2 limit' }],
      },
    ];
    for (const spec of specs) {
      const doc = parse((await renderChart(spec)).svg);
      expect(doc.documentElement!.getAttribute('role')).toBe('img');
      expect(drawnText(doc).some((t) => t.includes('suppressed'))).toBe(true);
      if (spec.kind === 'histogram') expect(drawnText(doc)).toContain('Tier 2 limit');
      if (spec.kind === 'stackedBar')
        expect(all(doc, 'pattern').map((p) => p.getAttribute('id'))).toEqual(['stacked-pattern-1']);
      if (spec.kind === 'line') expect(drawnText(doc)).toEqual(expect.arrayContaining(['Entries', 'Exits']));
    }
  });

  it('wraps a legend of many long-named series into columns, so the chart is not scaled down to fit the page', async () => {
    // Before the wrap, 12 reasons in one legend row made a 4,205-unit-wide SVG drawn in a 640-pixel column.
    for (const kind of ['stackedBar', 'bar'] as const) {
      const series = Array.from({ length: 12 }, (_, i) => ({
        key: `k${i}`,
        label: `Reason number ${i} with a long label`,
        values: [1, 2, 3].map((v) => ({ value: v + i, suppressed: false })),
      }));
      const { svg } = await renderChart({
        kind,
        id: `wide-${kind}`,
        title: 'Many series',
        description: 'Twelve series',
        xLabel: 'Month',
        yLabel: 'Entries',
        categories: ['Sep', 'Oct', 'Nov'],
        series,
      });
      const width = Number(/viewBox="0 0 (\d+(?:\.\d+)?) /.exec(svg)![1]);
      expect(width, kind).toBeLessThan(800);
      for (const s of series) expect(svg, kind).toContain(s.label);
    }
  });

  it('is deterministic: the same spec gives byte-identical SVG, whatever was rendered in between', async () => {
    const first = (await drawChart(monthly)).svg;
    await drawChart({ ...monthly, id: 'other', kind: 'line' });
    expect((await drawChart(monthly)).svg).toBe(first);
    expect((await renderChart(monthly)).svg).toBe(first);
  });

  it('refuses a suppressed cell that carries a value and a series of the wrong length', async () => {
    await expect(
      renderChart({
        ...monthly,
        series: [{ key: 'e', label: 'E', values: [cell(1), { value: 3, suppressed: true }, cell(2)] }],
      }),
    ).rejects.toThrow(/suppressed/);
    await expect(renderChart({ ...monthly, series: [{ key: 'e', label: 'E', values: [cell(1)] }] })).rejects.toThrow(
      /1 values for 3/,
    );
  });

  it('uses GOV.UK colours that pass contrast against white for bars and for white figures inside them', () => {
    for (const colour of SERIES_COLOURS) expect(contrastRatio(colour, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('escapes text in the title and description', async () => {
    const { svg } = await renderChart({ ...monthly, id: 'esc', title: 'Moves <to> AP & "back"' });
    expect(all(parse(svg), 'title')[0]!.textContent).toBe('Moves <to> AP & "back"');
    const named = await renderChart({ ...monthly, id: 'esc2', categories: ['St Mary & <CE>', 'B', 'C'] });
    expect(drawnText(parse(named.svg))).toContain('St Mary & <CE>');
  });
});
