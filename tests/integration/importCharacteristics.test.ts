import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { IDS, addPupil } from '../support/fixtures';
import { createCalendarService } from '../../src/calendar/calendarService';
import { settableClock } from '../../src/time/clock';
import type { Actor } from '../../src/auth/actor';
import { startImport } from '../../src/usecases/import/startPlacementImport';
import { runCharacteristicsImport } from '../../src/import/characteristics/runCharacteristicsImport';

/** Issue 16 item 2: an MIS export of characteristics, as of a date, recorded as dated changes. */
const LA: Actor = { userId: IDS.users.laOfficer, role: 'LA_OFFICER', laId: IDS.laA };
const clock = settableClock('2026-03-02T12:00:00Z');

describe('characteristics import', () => {
  const ctx = useApiWorld();
  const deps = () => ({ prisma: ctx.world.prisma, calendars: createCalendarService(ctx.world.prisma), clock });
  const run = async (csv: string, input: Record<string, unknown>) => {
    const s = await startImport(deps(), LA, 'CHARACTERISTICS', { fileName: 'mis.csv', ...input }, Buffer.from(csv));
    await runCharacteristicsImport(deps(), s.batchId);
    return ctx.world.prisma.importBatch.findUniqueOrThrow({ where: { id: s.batchId } });
  };

  it('records what changed as of the date, keeps the history for reports, and a re-import changes nothing', async () => {
    const { prisma } = ctx.world;
    const a = await addPupil(prisma); // NONE, not FSM
    const b = await addPupil(prisma, { senStatus: 'EHCP' });
    const other = await addPupil(prisma, { laId: IDS.laB });
    const csv = [
      'UPN,SEN provision,EHCP,FSM,Looked after,Ethnicity',
      `${a.upn},K,N,Y,N,wbri`,
      `${b.upn},E,Y,N,N,`,
      `${other.upn},K,,,,`,
      `${a.upn},K,N,Y,N,wbri`,
      'ZZZ,Q,,maybe,,12',
    ].join('\r\n');
    const first = await run(csv, { asOf: '2026-01-05', mode: 'VALID_ROWS' });
    expect(first).toMatchObject({
      status: 'DONE',
      rowsImported: 1,
      rowsUnchanged: 1,
      rowsRefused: 2,
      rowsDuplicate: 1,
    });
    const problems = first.problems as { line: number; column: string; message: string }[];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          line: 4,
          column: 'UPN',
          message: 'No pupil with this UPN is recorded in your LA’s reach.',
        }),
        expect.objectContaining({ line: 5, message: 'A duplicate of line 2: not imported twice.' }),
        expect.objectContaining({ line: 6, column: 'SEN provision' }),
        expect.objectContaining({ line: 6, column: 'FSM' }),
      ]),
    );
    const after = await prisma.pupil.findUniqueOrThrow({ where: { id: a.id } });
    expect(after).toMatchObject({ senStatus: 'SEN_SUPPORT', fsmEligible: true, ethnicityCode: 'WBRI' });
    const ev = await prisma.pupilEvent.findFirstOrThrow({ where: { pupilId: a.id, type: 'CHARACTERISTICS_CHANGED' } });
    expect(ev.occurredOn.toISOString().slice(0, 10)).toBe('2026-01-05');
    expect(ev.data).toMatchObject({
      before: { senStatus: 'NONE', fsmEligible: false, ethnicityCode: null },
      after: { senStatus: 'SEN_SUPPORT', fsmEligible: true, ethnicityCode: 'WBRI' },
      imported: true,
    });
    // Reports read the pupil as they were before the as-of date.
    const spans = await prisma.pupilCharacteristicSpan.findMany({
      where: { pupilId: a.id },
      orderBy: { validFrom: { sort: 'asc', nulls: 'first' } },
    });
    expect(spans.map((s) => [s.validFrom?.toISOString().slice(0, 10) ?? null, s.senStatus])).toEqual([
      [null, 'NONE'],
      ['2026-01-05', 'SEN_SUPPORT'],
    ]);
    expect(
      await prisma.auditEvent.count({ where: { operation: 'import.characteristics', subjectIds: { has: first.id } } }),
    ).toBe(1);

    const events = await prisma.pupilEvent.count();
    const again = await run(csv, { asOf: '2026-01-05', mode: 'VALID_ROWS' });
    expect(again).toMatchObject({ status: 'DONE', rowsImported: 0, rowsUnchanged: 2 });
    expect(await prisma.pupilEvent.count()).toBe(events);
    // All or nothing (the default): the refused rows stop the whole file.
    const strict = await run(csv, { asOf: '2026-02-02' });
    expect(strict).toMatchObject({ status: 'REFUSED', rowsImported: 0 });
    expect(await prisma.pupilEvent.count()).toBe(events);
  });

  it('needs the as-of date, not in the future', async () => {
    const file = Buffer.from('UPN,FSM\r\nx,Y\r\n');
    await expect(startImport(deps(), LA, 'CHARACTERISTICS', { fileName: 'm.csv' }, file)).rejects.toMatchObject({
      extensions: { code: 'VALIDATION_FAILED' },
    });
    await expect(
      startImport(deps(), LA, 'CHARACTERISTICS', { fileName: 'm.csv', asOf: '2026-06-01' }, file),
    ).rejects.toMatchObject({
      extensions: { code: 'VALIDATION_FAILED' },
    });
  });
});
