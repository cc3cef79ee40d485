import { createHash } from 'node:crypto';
import type { ChartSpec, RenderedChart } from './types';
import { toVegaLite } from './compile';
import { tableFor, rowLabels } from './table';
import { patternDef, seriesPattern } from './palette';

export type {
  ChartSpec,
  ChartCell,
  ChartSeries,
  ChartRule,
  RenderedChart,
  TableModel,
  TableCell,
  ValueFormat,
} from './types';
export { tableFor } from './table';
export { formatCell, formatValue, SUPPRESSED_TEXT, NO_VALUE_TEXT } from './format';

/**
 * Renders a chart to an accessible SVG string on the server, with the same figures as a table.
 *
 * vega runs headless (`renderer: 'none'`), so no canvas is involved: without one, vega-scenegraph
 * estimates text widths from the character count and font size instead of measuring glyphs. That makes
 * the output deterministic (the same spec gives byte-identical SVG on any machine) at the cost of
 * approximate label extents, which the layout's padding absorbs. The SVG names GOV.UK's font; the browser
 * draws it with the page's own font files.
 */
export function renderChart(spec: ChartSpec): Promise<RenderedChart> {
  try {
    validate(spec);
  } catch (err) {
    return Promise.reject(err as Error);
  }
  // Rendering costs tens of milliseconds (vega-lite compile, vega parse and run); its output depends on
  // the spec alone, so the same figures drawn again (every dashboard view of a period) come from memory.
  const key = createHash('sha256').update(JSON.stringify(spec)).digest('base64url');
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const rendered = drawChart(spec).then(deepFreeze);
  rendered.catch(() => cache.delete(key));
  cache.set(key, rendered);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return rendered;
}

const CACHE_SIZE = 256;
const cache = new Map<string, Promise<RenderedChart>>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Uncached: for tests of determinism. */
export async function drawChart(spec: ChartSpec): Promise<RenderedChart> {
  // vega and vega-lite (about 20 MiB resident) load with the first chart drawn, not with every API process
  // (issue 18 goal 6): a process that serves only the API never draws one.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const vgSpec = compile(toVegaLite(spec)).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', logLevel: vega.Error });
  try {
    const raw = await view.toSVG();
    return { svg: accessibleSvg(spec, raw), table: tableFor(spec) };
  } finally {
    view.finalize();
  }
}

function validate(spec: ChartSpec): void {
  const n = rowLabels(spec).length;
  if (!/^[A-Za-z][\w-]*$/.test(spec.id)) throw new Error(`Chart id "${spec.id}" must be a valid HTML id.`);
  for (const s of spec.series) {
    if (s.values.length !== n)
      throw new Error(`Chart ${spec.id}: series "${s.label}" has ${s.values.length} values for ${n} categories.`);
    for (const c of s.values)
      if (c.suppressed && c.value !== null)
        throw new Error(`Chart ${spec.id}: a suppressed cell must not carry a value.`);
  }
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What a screen reader hears: the page's description, and which figures are suppressed and so not drawn. */
export function chartDescription(spec: ChartSpec): string {
  const labels = rowLabels(spec);
  const hidden = spec.series.flatMap((s) =>
    s.values.flatMap((c, i) =>
      c.suppressed ? [spec.series.length > 1 ? `${labels[i]} (${s.label})` : labels[i]!] : [],
    ),
  );
  const note = hidden.length ? ` Suppressed to protect small numbers, so not drawn: ${hidden.join(', ')}.` : '';
  return `${spec.description}${note} The figures are in the table below the chart.`;
}

/**
 * vega's root <svg> is replaced by one that is an image with a title and a description (WCAG 1.1.1),
 * scales to its container (viewBox, no fixed size), and carries the fill patterns the bars refer to.
 */
function accessibleSvg(spec: ChartSpec, raw: string): string {
  const open = /^<svg\b[^>]*>/.exec(raw);
  if (!open) throw new Error(`Chart ${spec.id}: vega did not return an SVG.`);
  const viewBox = /viewBox="([^"]+)"/.exec(open[0])?.[1];
  const titleId = `${spec.id}-title`;
  const descId = `${spec.id}-desc`;
  const patterns = spec.series.map((_, i) => (seriesPattern(i) === 'solid' ? '' : patternDef(spec.id, i))).join('');
  const head =
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart__svg" role="img" focusable="false" viewBox="${viewBox}" aria-labelledby="${titleId} ${descId}">` +
    `<title id="${titleId}">${escapeXml(spec.title)}</title><desc id="${descId}">${escapeXml(chartDescription(spec))}</desc>` +
    (patterns ? `<defs>${patterns}</defs>` : '');
  // Inside an image, vega's own ARIA (graphics roles and labels on marks) would be further images
  // without names; the chart is one image, described by its title, description and table.
  const body = raw
    .slice(open[0].length)
    .replace(/<[^>]+>/g, (tag) => tag.replace(/ (role|aria-roledescription|aria-label)="[^"]*"/g, ''));
  return head + body;
}
