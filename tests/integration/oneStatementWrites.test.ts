import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma } from '../../src/db/prisma';
import type { PrismaClient } from '../../src/generated/prisma/client';
import type { Actor } from '../../src/auth/actor';
import { createCalendarService } from '../../src/calendar/calendarService';
import { settableClock } from '../../src/time/clock';
import { once } from '../../src/record/idempotency';
import { isUniqueViolation } from '../../src/record/dbErrors';
import { pupilScope } from '../../src/access/scope';
import { readPupil } from '../../src/queries/pupils';
import { readPlacement } from '../../src/queries/movements';
import { registerInOneStatement, registerPupil, registerWithChecks } from '../../src/usecases/pupils/registerPupil';
import { commissionPlacement } from '../../src/usecases/placements/commissionPlacement';
import type { UseCaseDeps } from '../../src/usecases/deps';
import { addPupil, IDS, makeUpn } from '../support/fixtures';
import { useApiWorld } from '../support/apiWorld';
import { placementFields, placementInput } from '../support/movements';
import { openPlacementAsBefore } from '../support/openPlacementAsBefore';

/**
 * Issue 18: registerPupil and commissionPlacement write their key, record, event(s), outbox and audit rows in one
 * statement. On the same inputs they must write the same rows as the path before it — one Prisma call per row,
 * then the mutation's read-back with its `pupil.read` / `placement.read` audit row — but for ids and times.
 * The reference for registration is the checked path still in the use case (its refusal path); for a placement,
 * openPlacement as it was (tests/support/openPlacementAsBefore.ts) inside `once`, as commissionPlacement ran it.
 */
describe('one-statement writes equal the writes before them', () => {
  const ctx = useApiWorld();
  // The application's least-privilege role, as the API runs the writes.
  let app: PrismaClient;
  beforeAll(() => {
    app = createPrisma(ctx.db.appUrl, 2);
  });
  afterAll(() => app.$disconnect());
  const deps = (): UseCaseDeps => ({
    prisma: app,
    calendars: createCalendarService(app),
    clock: settableClock('2025-11-03T10:00:00Z'),
  });
  const laOfficer: Actor = { userId: IDS.users.laOfficer, role: 'LA_OFFICER', laId: IDS.laA };
  const school: Actor = {
    userId: IDS.users.secondaryStaff,
    role: 'SCHOOL_STAFF',
    laId: IDS.laA,
    schoolId: IDS.secondaryA,
  };

  /** Every row naming the record (and its pupil), with ids, times and the UPN replaced by their roles. */
  async function rowsOf(ids: Record<string, string>, key: string) {
    const q = (text: string) =>
      ctx.world.prisma.$queryRawUnsafe<{ r: Record<string, unknown> }[]>(text, Object.values(ids), key);
    const drop = `ARRAY['id', 'seq', 'createdAt', 'recordedAt', 'at', 'upn']`;
    const rows = {
      pupil: await q(`SELECT to_jsonb(t) - ${drop} AS r FROM "Pupil" t WHERE id::text = ANY($1) AND $2 <> ''`),
      enrolments: await q(
        `SELECT to_jsonb(t) - ${drop} AS r FROM "Enrolment" t WHERE "pupilId"::text = ANY($1) AND $2 <> '' ORDER BY "startDate"`,
      ),
      placements: await q(`SELECT to_jsonb(t) - ${drop} AS r FROM "Placement" t WHERE id::text = ANY($1) AND $2 <> ''`),
      events: await q(
        `SELECT to_jsonb(t) - ${drop} AS r FROM "PupilEvent" t WHERE "pupilId"::text = ANY($1) AND $2 <> '' ORDER BY seq`,
      ),
      outbox: await q(
        `SELECT to_jsonb(t) - ${drop} AS r FROM "OutboxEvent" t WHERE "aggregateId"::text = ANY($1) AND $2 <> '' ORDER BY id`,
      ),
      audit: await q(
        `SELECT to_jsonb(t) - ${drop} AS r FROM "AuditEvent" t WHERE "subjectIds" && $1::text[] AND $2 <> '' ORDER BY id`,
      ),
      key: await q(
        `SELECT to_jsonb(t) - ${drop} - 'requestHash' AS r FROM "IdempotencyKey" t WHERE key = $2 AND $1::text[] IS NOT NULL`,
      ),
    };
    let text = JSON.stringify(rows);
    for (const [role, id] of Object.entries(ids)) text = text.replaceAll(id, `<${role}>`);
    return JSON.parse(text.replaceAll(key, '<key>')) as typeof rows;
  }

  const registration = (over: Record<string, unknown> = {}) => ({
    upn: makeUpn(),
    firstName: 'Sam',
    lastName: 'Same',
    dateOfBirth: '2012-01-15',
    sex: 'M',
    ethnicityCode: 'WBRI',
    senStatus: 'SEN_SUPPORT',
    lookedAfter: true,
    reason: 'New to the LA',
    ...over,
  });

  it.each([
    ['an LA officer', laOfficer, {}],
    ['a school onto its own roll', school, { onRollFrom: '2025-09-03' }],
  ] as const)('registerPupil by %s', async (_who, actor, over) => {
    const d = deps();
    // Before: the checks, one Prisma call per row, then the mutation read the pupil back (audited).
    const before = registration(over);
    const oldKey = `old-${makeUpn()}`;
    const old = await registerWithChecks(
      d,
      actor,
      {
        ...before,
        sex: 'M',
        senStatus: 'SEN_SUPPORT',
        socialCareStatus: 'NONE',
        fsmEligible: false,
        upnIsTemporary: false,
        nhsNumber: null,
        ontoOwnRoll: actor.role === 'SCHOOL_STAFF',
      },
      { ...before },
      oldKey,
    );
    const readBack = await readPupil(d.prisma, actor, { id: old.id });
    // Now: one statement, answered from the written row when the caller's scope covers it.
    const newKey = `new-${makeUpn()}`;
    const now = await registerPupil(d, actor, registration(over), newKey);
    const answer = now.row ?? (await readPupil(d.prisma, actor, { id: now.id }));

    expect(await rowsOf({ pupil: now.id }, newKey)).toEqual(await rowsOf({ pupil: old.id }, oldKey));
    expect({ ...answer, id: '', upn: '', createdAt: null }).toEqual({ ...readBack, id: '', upn: '', createdAt: null });
    // The same request again answers from the stored key and writes nothing more.
    const again = await registerPupil(d, actor, { ...registration(over), upn: answer!.upn }, newKey);
    expect(again.id).toBe(now.id);
    expect(await ctx.world.prisma.pupil.count({ where: { upn: answer!.upn } })).toBe(1);
  });

  it('the one statement is what runs on the application role (not a silent fall-back to the checked path)', async () => {
    const d = deps();
    const f = registration();
    const facts = {
      ...f,
      sex: 'M' as const,
      senStatus: 'SEN_SUPPORT' as const,
      socialCareStatus: 'NONE' as const,
      fsmEligible: false,
      upnIsTemporary: false,
      nhsNumber: null,
      ontoOwnRoll: false,
    };
    const r = await registerInOneStatement(d, laOfficer, facts, f, `direct-${f.upn}`);
    expect(r?.row?.upn).toBe(f.upn);
    // A duplicate UPN throws from the unique index (the use case then answers through the checked path).
    const dup = await registerInOneStatement(d, laOfficer, { ...facts, firstName: 'Other' }, f, null).catch((e) => e);
    expect(isUniqueViolation(dup)).toBe(true);
  });

  it('registerPupil: a duplicate UPN refused by the unique index gets the checked answer and writes nothing', async () => {
    const d = deps();
    const first = registration();
    await registerPupil(d, laOfficer, first, null);
    const audits = await ctx.world.prisma.auditEvent.count();
    const err = await registerPupil(d, laOfficer, { ...first, firstName: 'Other' }, 'dup-key').catch((e) => e);
    expect(err.code).toBe('CONFLICT');
    expect(await ctx.world.prisma.auditEvent.count()).toBe(audits);
    expect(await ctx.world.prisma.idempotencyKey.count({ where: { key: 'dup-key' } })).toBe(0);
    // Another LA's pupil: the answer that names no record, and the probe audited (as before).
    const other = registration();
    await registerPupil(d, { userId: IDS.users.laOfficerB, role: 'LA_OFFICER', laId: IDS.laB }, other, null);
    const refused = await registerPupil(d, laOfficer, other, null).catch((e) => e);
    expect(refused.code).toBe('VALIDATION_FAILED');
    expect(
      await ctx.world.prisma.auditEvent.count({
        where: { operation: 'pupil.register.refused', actorId: laOfficer.userId },
      }),
    ).toBe(1);
  });

  it('commissionPlacement by an LA officer', async () => {
    const d = deps();
    const cal = await d.calendars.calendarFor(laOfficer.laId);
    const oldPupil = await addPupil(ctx.world.prisma);
    const oldKey = `old-${makeUpn()}`;
    const input = (pupilId: string) =>
      placementInput(pupilId, { safeguardingLead: 'Ms Lead', laNotifiedOn: '2025-10-13' });
    // The old path took the facts flat (before the one placement input nested them under `placement`).
    const f = {
      ...placementFields(oldPupil.id, { safeguardingLead: 'Ms Lead', laNotifiedOn: '2025-10-13' }),
      reviewIntervalSchoolDays: 30,
    } as never;
    const old = await once(d.prisma, laOfficer, oldKey, 'commissionPlacement', f, async (tx) => ({
      id: await openPlacementAsBefore(tx, laOfficer, cal, f, pupilScope(laOfficer, 'placement.commission'), d.clock),
    }));
    const readBack = await readPlacement(d.prisma, laOfficer, old.id);

    const newPupil = await addPupil(ctx.world.prisma);
    // The fixture numbers its pupils' surnames: the two pupils are otherwise the same.
    await ctx.world.prisma.pupil.update({ where: { id: newPupil.id }, data: { lastName: oldPupil.lastName } });
    const newKey = `new-${makeUpn()}`;
    const now = await commissionPlacement(d, laOfficer, input(newPupil.id), newKey);
    expect(now.row).not.toBeNull();

    expect(await rowsOf({ placement: now.id, pupil: newPupil.id }, newKey)).toEqual(
      await rowsOf({ placement: old.id, pupil: oldPupil.id }, oldKey),
    );
    const blank = { id: '', pupilId: '', createdAt: null };
    expect({ ...now.row, ...blank }).toEqual({ ...readBack, ...blank });
    const again = await commissionPlacement(d, laOfficer, input(newPupil.id), newKey);
    expect(again.id).toBe(now.id);
    expect(await ctx.world.prisma.placement.count({ where: { pupilId: newPupil.id } })).toBe(1);
  });
});
