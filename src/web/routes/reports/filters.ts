import { academicYearLabel, academicYearOf, academicYearStartYear } from '../../../domain/academicYear';

/** Which filters a report's form offers (the GraphQL ReportFilterInput fields it uses). */
export type FilterField = 'school' | 'provider' | 'phase';

/** The filter form as the user filled it in (strings, so it can be shown back). */
export interface ReportForm {
  periodType: 'year' | 'dates';
  academicYear: string;
  term: string;
  from: string;
  to: string;
  on: string;
  schoolId: string;
  providerId: string;
  phase: string;
  forSharing: boolean;
}

export interface FormError {
  field: string;
  text: string;
}

export interface ReportVariables {
  period?: { academicYear: string; term?: string } | { from: string; to: string };
  on?: string;
  filter: { schoolId?: string; providerId?: string; phase?: string };
  forSharing: boolean;
}

export interface ParsedFilters {
  form: ReportForm;
  errors: FormError[];
  variables: ReportVariables;
  /** The canonical query string of these filters, for the CSV link. */
  query: string;
}

export const TERMS = [
  { value: '', text: 'Whole year' },
  { value: 'AUTUMN', text: 'Autumn term' },
  { value: 'SPRING', text: 'Spring term' },
  { value: 'SUMMER', text: 'Summer term' },
];

export const PHASES = [
  { value: '', text: 'All phases' },
  { value: 'PRIMARY', text: 'Primary' },
  { value: 'SECONDARY', text: 'Secondary' },
  { value: 'ALL_THROUGH', text: 'All-through' },
  { value: 'SPECIAL', text: 'Special' },
];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const YEARS_OFFERED = 6;

/** The academic years a form offers: this one and the five before it, newest first. */
export function academicYearOptions(today: string): string[] {
  const start = academicYearStartYear(today);
  return Array.from({ length: YEARS_OFFERED }, (_, i) => academicYearLabel(start - i));
}

const one = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '';

function isRealDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Reads a report's GET filter form. Input the form itself can check (a real date, a year it offers, from
 * before to) is checked here for a GOV.UK error summary; everything else is the report's to judge.
 */
export function parseFilters(
  query: Record<string, unknown>,
  today: string,
  opts: { onDate: boolean; fields: readonly FilterField[] },
): ParsedFilters {
  const years = academicYearOptions(today);
  const form: ReportForm = {
    periodType: one(query.periodType) === 'dates' ? 'dates' : 'year',
    academicYear: one(query.academicYear) || academicYearOf(today),
    term: one(query.term),
    from: one(query.from),
    to: one(query.to),
    on: one(query.on) || today,
    schoolId: opts.fields.includes('school') ? one(query.schoolId) : '',
    providerId: opts.fields.includes('provider') ? one(query.providerId) : '',
    phase: opts.fields.includes('phase') ? one(query.phase) : '',
    forSharing: one(query.forSharing) === 'yes',
  };
  const errors: FormError[] = [];
  const variables: ReportVariables = { filter: {}, forSharing: form.forSharing };

  if (opts.onDate) {
    if (!isRealDate(form.on))
      errors.push({ field: 'on', text: 'Enter the date as a real date, for example 2026-01-31' });
    else variables.on = form.on;
  } else if (form.periodType === 'dates') {
    if (!isRealDate(form.from))
      errors.push({ field: 'from', text: 'Enter the start date as a real date, for example 2025-09-01' });
    if (!isRealDate(form.to))
      errors.push({ field: 'to', text: 'Enter the end date as a real date, for example 2026-08-31' });
    if (!errors.length && form.from > form.to)
      errors.push({ field: 'to', text: 'The end date must be the same as or after the start date' });
    if (!errors.length) variables.period = { from: form.from, to: form.to };
  } else {
    if (!years.includes(form.academicYear))
      errors.push({ field: 'academicYear', text: 'Select an academic year from the list' });
    if (!TERMS.some((t) => t.value === form.term))
      errors.push({ field: 'term', text: 'Select a term, or the whole year' });
    if (!errors.length)
      variables.period = form.term
        ? { academicYear: form.academicYear, term: form.term }
        : { academicYear: form.academicYear };
  }
  if (form.schoolId && !UUID.test(form.schoolId))
    errors.push({ field: 'schoolId', text: 'Select a school from the list' });
  else if (form.schoolId) variables.filter.schoolId = form.schoolId;
  if (form.providerId && !UUID.test(form.providerId))
    errors.push({ field: 'providerId', text: 'Select a provider from the list' });
  else if (form.providerId) variables.filter.providerId = form.providerId;
  if (form.phase && !PHASES.some((p) => p.value === form.phase))
    errors.push({ field: 'phase', text: 'Select a phase from the list' });
  else if (form.phase) variables.filter.phase = form.phase;

  const params = new URLSearchParams();
  if (opts.onDate) params.set('on', form.on);
  else if (form.periodType === 'dates') {
    params.set('periodType', 'dates');
    params.set('from', form.from);
    params.set('to', form.to);
  } else {
    params.set('academicYear', form.academicYear);
    if (form.term) params.set('term', form.term);
  }
  if (form.schoolId) params.set('schoolId', form.schoolId);
  if (form.providerId) params.set('providerId', form.providerId);
  if (form.phase) params.set('phase', form.phase);
  if (form.forSharing) params.set('forSharing', 'yes');
  return { form, errors, variables, query: params.toString() };
}
