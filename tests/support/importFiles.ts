import { PLACEMENT_FIELDS } from '../../src/domain/import/placementColumns';
import { addDays } from '../../src/domain/dates';
import { makeUpn } from './fixtures';

/** A UPN with the wrong check letter (rule V1). */
export function wrongCheckLetterUpn(): string {
  const u = makeUpn();
  return `${u[0] === 'A' ? 'B' : 'A'}${u.slice(1)}`;
}

const HEADERS = PLACEMENT_FIELDS.filter((f) => f.field !== 'fullName').map((f) => f.header);

/** A template-shaped file of n new pupils' placements at the test world's PRU (URN 900005), all valid. */
export function placementFile(n: number, over: (i: number) => Partial<Record<string, string>> = () => ({})): string {
  const lines = [HEADERS.join(',')];
  for (let i = 0; i < n; i++) {
    const v: Record<string, string> = {
      upn: makeUpn(),
      firstName: 'Pat',
      lastName: `Import${i}`,
      dateOfBirth: '2011-05-10',
      sex: i % 2 ? 'F' : 'M',
      commissioner: 'LA',
      providerUrn: '900005',
      reason: 'PERMANENT_EXCLUSION',
      tier: 'TIER_3_TRANSITIONAL',
      startDate: addDays('2025-09-01', i % 120),
      hoursPerWeek: '20',
      registration: 'DUAL_REGISTERED',
      objectives: 'Attendance',
      reintegrationPlan: 'Return to school',
    };
    for (const [k, x] of Object.entries(over(i))) if (x !== undefined) v[k] = x;
    lines.push(
      PLACEMENT_FIELDS.filter((f) => f.field !== 'fullName')
        .map((f) => v[f.field] ?? '')
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** One pupil's placement in an LA's own sheet (laStyleFile); any value may be replaced. */
export interface LaSheetRow {
  upn: string;
  name: string;
  dob: string;
  providerUrn: string;
  start: string;
  reason?: string;
}

/**
 * A sheet as an LA keeps it, with headers the suggested mapping recognises without a saved one: its own
 * header names, names in one column, UK dates (dd/mm/yyyy), its own codes ("Perm Ex", "dual"), a blank row
 * and a totals row at the bottom.
 */
export function laStyleFile(rows: readonly LaSheetRow[]): string {
  const head =
    'Pupil UPN,Name,DOB,Gender,Arranged by,AP URN,Reason,Tier,Start date,Planned end,Hours per week,Registration,Aims,Exit plan';
  const lines = rows.map(
    (r, i) =>
      `${r.upn},"${r.name}",${r.dob},${i % 2 ? 'F' : 'M'},LA,${r.providerUrn},${r.reason ?? 'Perm Ex'},3,${r.start},,20,dual,Attendance,Return to school`,
  );
  return `${[head, ...lines, '', `Total,,,,,,,,,,${rows.length * 20},,,`].join('\r\n')}\r\n`;
}
