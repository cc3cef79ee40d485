import type { ApTier, CommissionerKind, Destination, PlacementReason, PlacementRegistration, Sex } from '../enums';
import { validateUpn } from '../identifiers';
import { addDays } from '../dates';
import { legalBasisFor } from '../movements/legalBasis';
import { ruleP1PlanProblems, FULL_TIME_HOURS_PER_WEEK } from '../movements/placementPlan';
import { parseSheetDate, translateValue, type ColumnMapping } from './mapping';
import { PLACEMENT_FIELDS, type ImportField } from './placementColumns';

/** One placement as read from a row, in our terms. */
export interface PlacementImportRow {
  upn: string;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  sex: Sex | null;
  commissioner: CommissionerKind;
  schoolUrn: string | null;
  providerUrn: string | null;
  providerUkprn: string | null;
  settingType: string | null;
  providerName: string | null;
  reason: PlacementReason;
  reasonOther: string | null;
  tier: ApTier;
  startDate: string;
  plannedEndDate: string | null;
  hoursPerWeek: number;
  registration: PlacementRegistration;
  endDate: string | null;
  destination: Destination | null;
  objectives: string;
  reintegrationPlan: string;
  safeguardingConfirmedOn: string | null;
  directionNoticeDate: string | null;
}

/** A refused row's problem: the file's line, the column as the file names it, and the reason in plain English. */
export interface RowProblem {
  line: number;
  column: string;
  message: string;
  rule?: string;
}

const FIELD_BY_NAME = new Map(PLACEMENT_FIELDS.map((f) => [f.field, f]));

export type ReadRow =
  | { ok: true; row: PlacementImportRow; followUps: string[] }
  | { ok: false; problems: RowProblem[] }
  | { ok: 'skip'; why: 'blank' | 'footer' };

// A spreadsheet's totals line at the bottom ("Total", "Grand total") is not a placement.
const FOOTER = /^(grand\s+)?totals?\b/i;

/**
 * Whether the job passes over a row without counting it: a blank row, or a totals line (its UPN cell, or its
 * first value when the UPN is empty, says "Total"). The preview asks the same (domain/import/preview.ts).
 */
export function placementRowSkip(cells: Record<string, string>): 'blank' | 'footer' | null {
  const nonBlank = Object.values(cells).filter((v) => v.trim() !== '');
  if (nonBlank.length === 0) return 'blank';
  const upnCell = (cells.upn ?? '').trim();
  if (FOOTER.test(upnCell) || (upnCell === '' && FOOTER.test(nonBlank[0]!.trim()))) return 'footer';
  return null;
}

/**
 * Reads one row through the mapping and applies the rules about the data's integrity (UPN V1/V3, real and
 * ordered dates, hours within a full-time week, the identifier formats of V5, the legal basis): any of
 * those refuses the row. The rules that decide whether a *new* placement may start (P1's plan fields, O1's
 * notice, O4's maximum period) cannot refuse history an LA already holds: they come back as follow-ups,
 * the row imports, and the flags follow. U4 needs the provider's kind, so the import applies it
 * (ruleU4SafeguardingProblem) once the provider is matched.
 */
export function readPlacementRow(
  cells: Record<string, string>,
  line: number,
  mapping: ColumnMapping,
  today: string,
): ReadRow {
  const skip = placementRowSkip(cells);
  if (skip) return { ok: 'skip', why: skip };

  const problems: RowProblem[] = [];
  const column = (field: string) => mapping.columns[field] ?? PLACEMENT_FIELDS.find((f) => f.field === field)!.header;
  const refuse = (field: string, message: string, rule?: string) =>
    problems.push({ line, column: column(field), message, ...(rule ? { rule } : {}) });
  const text = (field: string): string | null => {
    const v = (cells[field] ?? '').trim();
    return v === '' ? null : v;
  };
  const fieldDef = (field: string) => FIELD_BY_NAME.get(field) as ImportField;
  const date = (field: string): string | null => {
    const v = text(field);
    if (v === null) return null;
    const d = parseSheetDate(v, mapping.dateFormat);
    if (!d.ok) {
      refuse(field, `The ${fieldDef(field).label}: ${d.message}`);
      return null;
    }
    return d.date;
  };
  const code = <T extends string>(field: string): T | null => {
    const v = text(field);
    if (v === null) return null;
    const t = translateValue(fieldDef(field), v, mapping);
    if (t === null)
      refuse(
        field,
        `"${v}" is not a ${fieldDef(field).label} we know. Use one of ${Object.keys(fieldDef(field).values ?? {}).join(', ')}, or add a translation for it to the mapping.`,
      );
    return t as T | null;
  };
  const required = <T>(field: string, v: T | null): T | null => {
    if (v === null && text(field) === null) refuse(field, `The ${fieldDef(field).label} is missing.`);
    return v;
  };

  const upn = validateUpn((cells.upn ?? '').trim());
  if (!upn.ok) refuse('upn', upn.message, upn.rule);
  let firstName = text('firstName');
  let lastName = text('lastName');
  const fullName = text('fullName');
  if (fullName && !firstName && !lastName) {
    const comma = fullName.indexOf(',');
    // A leading comma is "Surname, Forename" with the surname left empty, not a forename of ",".
    if (comma >= 0) {
      lastName = fullName.slice(0, comma).trim() || null;
      firstName = fullName.slice(comma + 1).trim() || null;
    } else {
      const parts = fullName.split(/\s+/);
      lastName = parts.length > 1 ? parts.pop()! : null;
      firstName = parts.join(' ') || null;
    }
  }
  const dateOfBirth = date('dateOfBirth');
  const sex = code<Sex>('sex');
  const commissioner = required('commissioner', code<CommissionerKind>('commissioner'));
  const reason = required('reason', code<PlacementReason>('reason'));
  const tier = required('tier', code<ApTier>('tier'));
  const registration = required('registration', code<PlacementRegistration>('registration'));
  const destination = code<Destination>('destination');
  const startDate = required('startDate', date('startDate'));
  const plannedEndDate = date('plannedEndDate');
  const endDate = date('endDate');
  const safeguardingConfirmedOn = date('safeguardingConfirmedOn');
  const directionNoticeDate = date('directionNoticeDate');
  const hoursText = text('hoursPerWeek');
  let hoursPerWeek: number | null = null;
  if (hoursText === null) refuse('hoursPerWeek', 'The hours a week are missing.');
  else if (!/^\d+(\.\d+)?$/.test(hoursText)) refuse('hoursPerWeek', `"${hoursText}" is not a number of hours.`);
  else hoursPerWeek = Number(hoursText);

  const schoolUrn = text('schoolUrn');
  const providerUrn = text('providerUrn');
  const providerUkprn = text('providerUkprn');
  const settingType = text('settingType')?.toUpperCase() ?? null;
  const providerName = text('providerName');
  if (!providerUrn && !providerUkprn && !settingType)
    refuse('providerUrn', 'Give the provider’s URN, UKPRN or AP setting type (rule V5).', 'V5');
  if (providerUrn && !/^\d{6}$/.test(providerUrn)) refuse('providerUrn', 'A URN is 6 digits (rule V5).', 'V5');
  if (providerUkprn && !/^\d{8}$/.test(providerUkprn)) refuse('providerUkprn', 'A UKPRN is 8 digits (rule V5).', 'V5');
  if (settingType && !['NFE', 'OOT', 'OTH', 'WBP'].includes(settingType))
    refuse('settingType', 'The AP setting type must be NFE, OOT, OTH or WBP (rule V5).', 'V5');
  if (settingType && !providerUrn && !providerUkprn && !providerName)
    refuse('providerName', 'A provider known only by its setting type needs its name, to tell it from the others.');
  if (schoolUrn && !/^\d{6}$/.test(schoolUrn)) refuse('schoolUrn', 'A URN is 6 digits (rule V5).', 'V5');
  if (commissioner === 'SCHOOL' && !schoolUrn)
    refuse('schoolUrn', 'A school-commissioned placement needs the commissioning school’s URN.');
  if (commissioner === 'LA' && schoolUrn)
    refuse('schoolUrn', 'An LA-commissioned placement has no commissioning school: leave the school URN empty.');

  if (startDate) {
    if (dateOfBirth && startDate <= dateOfBirth) refuse('startDate', 'The start date is not after the date of birth.');
    if (startDate > addDays(today, 365)) refuse('startDate', 'The start date is more than a year ahead.');
    if (endDate && endDate < startDate) refuse('endDate', 'The end date is before the start date.');
    if (plannedEndDate && plannedEndDate < startDate)
      refuse('plannedEndDate', 'The planned end date is before the start date.');
  }
  if (endDate && endDate > today) refuse('endDate', 'The end date is in the future; import it once it has happened.');
  if (reason === 'OTHER' && !text('reasonOther')) refuse('reasonOther', 'Say what the other reason is.');
  if (destination && !endDate) refuse('destination', 'A destination needs the end date of the placement.');
  if (hoursPerWeek !== null && (!(hoursPerWeek > 0) || hoursPerWeek > FULL_TIME_HOURS_PER_WEEK))
    refuse('hoursPerWeek', `Hours per week must be more than 0 and at most ${FULL_TIME_HOURS_PER_WEEK}.`);
  if (reason && commissioner) {
    // The row says what was arranged; a placement named in an EHC plan implies the plan (the pupil's SEN
    // status comes from the record or the characteristics import, not from this file).
    const basis = legalBasisFor(reason, commissioner, reason === 'EHCP_NAMED' ? 'EHCP' : 'NONE');
    if (!basis.ok) refuse('reason', basis.message);
  }
  if (
    problems.length ||
    !upn.ok ||
    !commissioner ||
    !reason ||
    !tier ||
    !registration ||
    !startDate ||
    hoursPerWeek === null
  )
    return { ok: false, problems };

  const row: PlacementImportRow = {
    upn: upn.upn,
    firstName,
    lastName,
    dateOfBirth,
    sex,
    commissioner,
    schoolUrn,
    providerUrn,
    providerUkprn,
    settingType,
    providerName,
    reason,
    reasonOther: text('reasonOther'),
    tier,
    startDate,
    plannedEndDate,
    hoursPerWeek,
    registration,
    endDate,
    destination,
    objectives: text('objectives') ?? '',
    reintegrationPlan: text('reintegrationPlan') ?? '',
    safeguardingConfirmedOn,
    directionNoticeDate,
  };
  // P1 and O4 judge a new placement's plan: for history they become follow-ups (the hours were checked above).
  const followUps = new Set<string>();
  for (const p of ruleP1PlanProblems(row))
    if (p.field !== 'hoursPerWeek') followUps.add(p.field === 'maximumPeriodSchoolDays' ? 'O4' : 'P1');
  if (reason === 'OFF_SITE_DIRECTION' && !directionNoticeDate) followUps.add('O1');
  if (endDate && !destination) followUps.add('DESTINATION');
  return { ok: true, row, followUps: [...followUps].sort() };
}
