import { createHash } from 'node:crypto';
import type { ProviderKind, SenStatus } from '../../generated/prisma/enums';
import { ruleU4SafeguardingProblem, FULL_TIME_HOURS_PER_WEEK } from '../../domain/movements/placementPlan';
import { readPlacementRow, type PlacementImportRow, type RowProblem } from '../../domain/import/placementRow';
import type { ColumnMapping } from '../../domain/import/mapping';

/** What the database already holds that the rows are checked against (loaded once per batch). */
export interface ProviderRef {
  id: string;
  kind: ProviderKind;
  urn: string | null;
  ukprn: string | null;
  settingType: string | null;
  name: string;
}
export interface PupilRef {
  id: string;
  upn: string;
  dateOfBirth: string;
  senStatus: SenStatus;
  /** False: the UPN is held by a pupil outside the importing LA's reach. */
  inScope: boolean;
}
export interface PlacementRef {
  id: string;
  pupilId: string;
  providerId: string;
  startDate: string;
  endDate: string | null;
  hoursPerWeek: number;
}
export interface ImportedRef {
  placementId: string;
  rowHash: string;
  startedEventId: string;
}
export interface CheckContext {
  providers: ProviderRef[];
  schoolsByUrn: Map<string, { id: string }>;
  pupilsByUpn: Map<string, PupilRef>;
  placementsByPupil: Map<string, PlacementRef[]>;
  importedByKey: Map<string, ImportedRef>;
  today: string;
}

export interface CheckedRow {
  line: number;
  row: PlacementImportRow;
  provider: ProviderRef;
  schoolId: string | null;
  pupil: PupilRef | null;
  naturalKey: string;
  rowHash: string;
  followUps: string[];
  action: 'CREATE' | 'UPDATE' | 'UNCHANGED';
  existing?: ImportedRef;
}

export interface CheckResult {
  rowsTotal: number;
  accepted: CheckedRow[];
  refused: RowProblem[];
  refusedLines: number;
  duplicates: { line: number; duplicateOf: number }[];
  followUps: Record<string, number>;
}

const overlaps = (a: { startDate: string; endDate: string | null }, b: { startDate: string; endDate: string | null }) =>
  a.startDate <= (b.endDate ?? '9999-12-31') && b.startDate <= (a.endDate ?? '9999-12-31');

function matchProvider(row: PlacementImportRow, providers: ProviderRef[]): ProviderRef | undefined {
  if (row.providerUrn) return providers.find((p) => p.urn === row.providerUrn);
  if (row.providerUkprn) return providers.find((p) => p.ukprn === row.providerUkprn);
  const name = row.providerName?.trim().toLowerCase();
  return providers.find((p) => p.settingType === row.settingType && p.name.trim().toLowerCase() === name);
}

/** A row's fingerprint: re-importing the same facts is a no-op, a corrected row is an update. */
export const rowHashOf = (row: PlacementImportRow): string =>
  createHash('sha256').update(JSON.stringify(row)).digest('hex');

/** Checks rows one at a time, in the file's order; `result` holds what was found so far. */
export interface PlacementChecker {
  result: CheckResult;
  /** Checks one row against the record and the file's earlier rows: the accepted row, or null. */
  check(line: number, cells: Record<string, string>): CheckedRow | null;
}

/**
 * Checks every row: the row's own rules (readPlacementRow), then what needs the record: the provider and
 * the commissioning school must be known, the pupil found in reach or addable, no overlap at one provider
 * and no more than a full-time week together — against the database and against the file's earlier rows.
 * A row repeating an earlier row exactly is a duplicate (reported, not imported twice). A row's verdict
 * depends only on the rows before it, so the import writes accepted rows while later ones are checked.
 */
export function placementChecker(mapping: ColumnMapping, ctx: CheckContext): PlacementChecker {
  const out: CheckResult = { rowsTotal: 0, accepted: [], refused: [], refusedLines: 0, duplicates: [], followUps: {} };
  const byHash = new Map<string, number>();
  const byKey = new Map<string, number>();
  const fileByPupil = new Map<string, (PlacementImportRow & { line: number; providerId: string })[]>();
  const column = (field: string, fallback: string) => mapping.columns[field] ?? fallback;

  return { result: out, check };

  function check(line: number, cells: Record<string, string>): CheckedRow | null {
    const read = readPlacementRow(cells, line, mapping, ctx.today);
    if (read.ok === 'skip') return null;
    out.rowsTotal += 1;
    if (!read.ok) {
      out.refused.push(...read.problems);
      out.refusedLines += 1;
      return null;
    }
    const { row } = read;
    const problems: RowProblem[] = [];
    const refuse = (field: string, fallback: string, message: string, rule?: string) =>
      problems.push({ line, column: column(field, fallback), message, ...(rule ? { rule } : {}) });

    const rowHash = rowHashOf(row);
    const dupOf = byHash.get(rowHash);
    if (dupOf !== undefined) {
      out.duplicates.push({ line, duplicateOf: dupOf });
      return null;
    }
    byHash.set(rowHash, line);

    const provider = matchProvider(row, ctx.providers);
    if (!provider) {
      const [field, header, what] = row.providerUrn
        ? ['providerUrn', 'Provider URN', `URN ${row.providerUrn}`]
        : row.providerUkprn
          ? ['providerUkprn', 'Provider UKPRN', `UKPRN ${row.providerUkprn}`]
          : ['providerName', 'Provider name', `"${row.providerName}" (${row.settingType})`];
      refuse(field, header, `No provider with ${what} is registered in your LA. Register it first, then import again.`);
    }
    let schoolId: string | null = null;
    if (row.schoolUrn) {
      const school = ctx.schoolsByUrn.get(row.schoolUrn);
      if (!school)
        refuse('schoolUrn', 'Commissioning school URN', `No school with URN ${row.schoolUrn} is in your LA.`);
      else schoolId = school.id;
    }
    const pupil = ctx.pupilsByUpn.get(row.upn) ?? null;
    if (pupil && !pupil.inScope)
      refuse(
        'upn',
        'UPN',
        'This UPN cannot be imported by you. Check it against the pupil’s records; if it is right, ask the LA holding the pupil.',
      );
    if (pupil?.inScope && row.dateOfBirth && row.dateOfBirth !== pupil.dateOfBirth)
      refuse(
        'dateOfBirth',
        'Date of birth',
        'The date of birth differs from the pupil already recorded with this UPN.',
      );
    if (!pupil && (!row.firstName || !row.lastName || !row.dateOfBirth || !row.sex))
      refuse(
        'upn',
        'UPN',
        'This pupil is not recorded yet: give their first and last names, date of birth and sex to add them.',
      );
    if (provider?.kind === 'UNREGISTERED' && row.registration !== 'HOME_SCHOOL_ONLY')
      refuse(
        'registration',
        'Registration',
        'A pupil cannot be registered at an unregistered provider; they stay on their school’s roll only.',
      );

    const naturalKey = provider ? `${row.upn}|${provider.id}|${row.startDate}` : '';
    const sameKey = byKey.get(naturalKey);
    if (provider && sameKey !== undefined)
      refuse(
        'startDate',
        'Start date',
        `Line ${sameKey} has the same pupil, provider and start date with different details: keep one of them.`,
      );
    const existing = provider ? ctx.importedByKey.get(naturalKey) : undefined;
    if (provider && problems.length === 0) {
      const range = { startDate: row.startDate, endDate: row.endDate };
      const inDb = (pupil ? (ctx.placementsByPupil.get(pupil.id) ?? []) : []).filter(
        (p) => p.id !== existing?.placementId && overlaps(p, range),
      );
      const inFile = (fileByPupil.get(row.upn) ?? []).filter((p) => overlaps(p, range));
      const sameProvider = inFile.find((p) => p.providerId === provider.id);
      if (sameProvider)
        refuse(
          'startDate',
          'Start date',
          `It overlaps the placement at the same provider on line ${sameProvider.line}.`,
        );
      else if (inDb.some((p) => p.providerId === provider.id))
        refuse(
          'startDate',
          'Start date',
          'It overlaps a placement at the same provider already recorded for this pupil.',
        );
      const hours = [...inDb, ...inFile].reduce((s, p) => s + p.hoursPerWeek, 0) + row.hoursPerWeek;
      if (hours > FULL_TIME_HOURS_PER_WEEK)
        refuse(
          'hoursPerWeek',
          'Hours per week',
          `Together with the pupil’s other AP at the same time this makes ${hours} hours a week, more than a full-time week of ${FULL_TIME_HOURS_PER_WEEK}.`,
        );
    }
    if (problems.length) {
      out.refused.push(...problems);
      out.refusedLines += 1;
      return null;
    }
    byKey.set(naturalKey, line);
    const list = fileByPupil.get(row.upn) ?? [];
    list.push({ ...row, line, providerId: provider!.id });
    fileByPupil.set(row.upn, list);

    const followUps = [...read.followUps];
    if (ruleU4SafeguardingProblem(provider!.kind, row.safeguardingConfirmedOn, row.startDate)) followUps.push('U4');
    followUps.sort();
    for (const f of followUps) out.followUps[f] = (out.followUps[f] ?? 0) + 1;
    const accepted: CheckedRow = {
      line,
      row,
      provider: provider!,
      schoolId,
      pupil,
      naturalKey,
      rowHash,
      followUps,
      action: !existing ? 'CREATE' : existing.rowHash === rowHash ? 'UNCHANGED' : 'UPDATE',
      existing,
    };
    out.accepted.push(accepted);
    return accepted;
  }
}

/** Checks every row (a dry run); progress every 5,000 rows and at the end. */
export async function checkPlacementRows(
  rows: Iterable<{ line: number; cells: Record<string, string> }>,
  mapping: ColumnMapping,
  ctx: CheckContext,
  onProgress?: (checked: number) => Promise<void>,
): Promise<CheckResult> {
  const checker = placementChecker(mapping, ctx);
  let reported = 0;
  for (const { line, cells } of rows) {
    checker.check(line, cells);
    if (checker.result.rowsTotal - reported >= 5000) {
      reported = checker.result.rowsTotal;
      await onProgress?.(reported);
    }
  }
  await onProgress?.(checker.result.rowsTotal);
  return checker.result;
}
