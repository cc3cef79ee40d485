/** Reading a urlencoded form body into the values a mutation wants. */
export type Body = Record<string, unknown>;

export const text = (b: Body, name: string): string => (typeof b[name] === 'string' ? (b[name] as string).trim() : '');

/** Empty → undefined, so the API applies its default or says the field is required. */
export const optional = (b: Body, name: string): string | undefined => text(b, name) || undefined;

export const checked = (b: Body, name: string): boolean => b[name] === 'yes' || b[name] === 'true' || b[name] === 'on';

/** A number the API checks; what is not a number is sent as NaN-free undefined and reported locally. */
export function numberField(
  b: Body,
  name: string,
  problems: { field: string; message: string }[],
  label: string,
): number | undefined {
  const raw = text(b, name);
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) {
    problems.push({ field: name, message: `${label} must be a number, like 25 or 12.5.` });
    return undefined;
  }
  return n;
}

/**
 * A GOV.UK date input (name-day, name-month, name-year) as YYYY-MM-DD. Empty → undefined; a
 * partial or impossible date is a problem on the page (the API would only see a malformed string).
 */
export function dateField(
  b: Body,
  name: string,
  problems: { field: string; message: string }[],
  label: string,
): string | undefined {
  const d = text(b, `${name}-day`);
  const m = text(b, `${name}-month`);
  const y = text(b, `${name}-year`);
  if (!d && !m && !y) return undefined;
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) {
    problems.push({ field: name, message: `${label} must be a real date, like 27 3 2026.` });
    return undefined;
  }
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(iso)) {
    problems.push({ field: name, message: `${label} must be a real date, like 27 3 2026.` });
    return undefined;
  }
  return iso;
}

/** The three boxes of a date input, prefilled from an ISO date. */
export function dateParts(iso: string | undefined | null): { day: string; month: string; year: string } {
  if (!iso) return { day: '', month: '', year: '' };
  const [y, m, d] = iso.split('-');
  return { day: String(Number(d)), month: String(Number(m)), year: y! };
}

/** A submitted form's date boxes back into the view (so what was typed is shown again). */
export function datesFromBody(b: Body, names: string[]): Record<string, { day: string; month: string; year: string }> {
  return Object.fromEntries(
    names.map((n) => [n, { day: text(b, `${n}-day`), month: text(b, `${n}-month`), year: text(b, `${n}-year`) }]),
  );
}
