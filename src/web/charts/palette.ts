/**
 * Series colours from the GOV.UK palette (govuk-frontend 6), each at least 4.5:1 against white so a bar
 * meets WCAG 1.4.11 against the page and white figures inside it meet 1.4.3. Neighbouring series also
 * differ by pattern (solid, stripes, dots, cross-hatch...), so a chart reads without colour.
 */
export const GOVUK_TEXT = '#0b0c0c';
export const GOVUK_SECONDARY_TEXT = '#484949';
export const GOVUK_BORDER = '#b1b4b6';

export const SERIES_COLOURS = [
  '#1d70b8', // blue
  '#ca3535', // red
  '#0f7a52', // green
  '#54319f', // purple
  '#0b0c0c', // black
  '#98285d', // magenta shade-25
  '#106165', // teal shade-25
] as const;

export type PatternKind = 'solid' | 'stripes' | 'dots' | 'crosshatch' | 'vertical' | 'horizontal' | 'reverse';
const PATTERNS: PatternKind[] = ['solid', 'stripes', 'dots', 'crosshatch', 'vertical', 'horizontal', 'reverse'];

/** Line charts: dash and point shape per series, for the same reason as patterns. */
export const LINE_DASHES: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 2], [12, 6]];
export const POINT_SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'circle'] as const;

export function seriesColour(i: number): string {
  return SERIES_COLOURS[i % SERIES_COLOURS.length]!;
}

export function seriesPattern(i: number): PatternKind {
  return PATTERNS[i % PATTERNS.length]!;
}

export function patternId(chartId: string, i: number): string {
  return `${chartId}-pattern-${i}`;
}

/** An SVG <pattern>: the series colour with white marks, so it stays as dark as the colour. */
export function patternDef(chartId: string, i: number): string {
  const colour = seriesColour(i);
  const kind = seriesPattern(i);
  const id = patternId(chartId, i);
  const base = `<rect width="8" height="8" fill="${colour}"/>`;
  const white = 'stroke="#ffffff" stroke-width="1.5"';
  const marks: Record<PatternKind, string> = {
    solid: '',
    stripes: `<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" ${white}/>`,
    dots: '<circle cx="4" cy="4" r="1.6" fill="#ffffff"/>',
    crosshatch: `<path d="M0,0 l8,8 M8,0 l-8,8" ${white}/>`,
    vertical: `<path d="M4,0 v8" ${white}/>`,
    horizontal: `<path d="M0,4 h8" ${white}/>`,
    reverse: `<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" ${white}/>`,
  };
  return `<pattern id="${id}" patternUnits="userSpaceOnUse" width="8" height="8">${base}${marks[kind]}</pattern>`;
}

/** WCAG relative luminance contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5]
      .map((o) => parseInt(hex.slice(o, o + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
