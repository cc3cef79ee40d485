import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { DEFAULT_VALUES } from '../../src/domain/flags/thresholds';

/**
 * Each statutory number has one source, the threshold table (issue 14 item 10). The database keeps
 * its own guards for the full-time week and the suspension cap (a backstop against writes that do not
 * come through the use cases); they must say the same number as the table.
 */
describe('statutory numbers: the database guards match the threshold table', () => {
  const ctx = useApiWorld();

  it('the placement hours check and the concurrent-hours trigger use the full-time week', async () => {
    const [check] = await ctx.world.prisma.$queryRaw<{ def: string }[]>`
      SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'Placement_hours_check'`;
    expect(check!.def).toContain(`<= ${DEFAULT_VALUES.fullTimeHoursPerWeek}`);
    const [fn] = await ctx.world.prisma.$queryRaw<{ def: string }[]>`
      SELECT pg_get_functiondef('placement_hours_within_full_time'::regproc) AS def`;
    const numbers = [...fn!.def.matchAll(/>\s*([0-9.]+)/g)].map((m) => Number(m[1]));
    expect(numbers).toContain(DEFAULT_VALUES.fullTimeHoursPerWeek);
    expect(numbers.every((n) => n === DEFAULT_VALUES.fullTimeHoursPerWeek)).toBe(true);
  });

  it('the exclusion check caps one suspension at the yearly cap', async () => {
    const rows = await ctx.world.prisma.$queryRaw<{ def: string }[]>`
      SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
       WHERE t.relname = 'Exclusion' AND c.contype = 'c' AND pg_get_constraintdef(c.oid) LIKE '%schoolDays%<=%'`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.def).toMatch(new RegExp(`"schoolDays" <= \\(?${DEFAULT_VALUES.suspensionCapSchoolDays}\\b`));
  });
});
