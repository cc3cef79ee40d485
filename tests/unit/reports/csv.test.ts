import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/reports/csv';
import { parseCsv } from '../../support/reports';

const cell = (value: number | null, suppressed = false) => ({ value, suppressed });
const row = (key: string, label: string) => ({
  key,
  label,
  attempted: cell(7),
  sustained: cell(null, true),
  brokenDown: cell(null, true),
  pending: cell(0),
  rate: cell(null, true),
});

describe('CSV export', () => {
  const meta = {
    report: 'REINTEGRATION' as const,
    period: { from: '2026-01-05', to: '2026-04-12', label: 'spring' },
    filter: { providerId: null, schoolId: null, phase: null },
    suppressed: true,
    suppressionThreshold: 5,
    calendarSource: 'x',
    generatedAt: new Date('2026-11-22T00:00:00Z'),
    source: 'LIVE' as const,
    rollupRefreshedAt: null,
  };
  const { csv, rows } = toCsv('REINTEGRATION', {
    meta,
    total: row('ALL', 'All'),
    byProvider: [row('p1', '=HYPERLINK("http://x")')],
    byReceivingSchool: [],
  } as never);
  const parsed = parseCsv(csv);

  it('writes suppressed figures as c with a status, zero as 0, and counts its rows', () => {
    expect(parsed.length).toBe(rows);
    const total = parsed.filter((r) => r.section === 'total');
    expect(total.map((r) => [r.measure, r.value, r.status])).toEqual([
      ['attempted', '7', ''],
      ['sustained', 'c', 'suppressed'],
      ['brokenDown', 'c', 'suppressed'],
      ['pending', '0', ''],
      ['rate', 'c', 'suppressed'],
    ]);
    expect(parsed.find((r) => r.section === 'meta' && r.measure === 'applied')?.value).toBe('true');
  });

  it('defuses names that a spreadsheet would run as formulas', () => {
    expect(parsed.find((r) => r.section === 'provider')?.label).toBe(`'=HYPERLINK("http://x")`);
  });
});
