import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Prisma } from '../../src/generated/prisma/client';
import type { Actor } from '../../src/auth/actor';
import { pupilScope } from '../../src/access/scope';
import { pupilScopeSql } from '../../src/access/scopeSql';
import { PERMISSIONS, type Action } from '../../src/access/permissions';
import { createCalendarService } from '../../src/calendar/calendarService';
import { settableClock } from '../../src/time/clock';
import { commissionPlacement } from '../../src/usecases/placements/commissionPlacement';
import { AppError } from '../../src/errors';
import { findPupilInScope } from '../../src/queries/pupils';
import { useApiWorld } from '../support/apiWorld';
import { buildPupilScopeWorld, SCOPE_ACTORS } from '../support/accessWorld';
import { IDS } from '../support/fixtures';
import { enrol, pupil } from '../support/reports';
import { placementInput } from '../support/movements';

/**
 * Issue 18: commissioning reads the pupil with the caller's scope in SQL (`pupilScopeSql`) instead of Prisma's
 * filter (`pupilScope`). Both must pick the same pupils for every role and every action whose condition is about a
 * pupil, on a world with every way of reaching a pupil (home LA, placement of the LA, roll, commissioned
 * placement, placement at a provider open / ended in the window / followed up by a final checkpoint in it, a
 * referral) and every narrowing (restricted with and without the caller named, sent to another LA).
 */
describe('pupil scope in SQL equals the Prisma filter', () => {
  const ctx = useApiWorld();

  it('picks the same pupils for every role and pupil action', async () => {
    await buildPupilScopeWorld(ctx.world.prisma);
    const prisma = ctx.world.prisma;
    const all = (await prisma.pupil.findMany({ select: { id: true } })).map((p) => p.id).sort();
    let compared = 0;
    const sizes = new Set<number>();
    for (const a of SCOPE_ACTORS)
      for (const action of Object.keys(PERMISSIONS) as Action[]) {
        let where: Prisma.PupilWhereInput;
        try {
          where = pupilScope(a, action);
        } catch {
          // Not a pupil condition: the SQL form refuses it too.
          expect(() => pupilScopeSql(a, action)).toThrow(/no SQL filter/);
          continue;
        }
        const viaPrisma = (await prisma.pupil.findMany({ where, select: { id: true } })).map((p) => p.id).sort();
        const viaSql = (
          await prisma.$queryRaw<{ id: string }[]>`SELECT p.id FROM "Pupil" p WHERE ${pupilScopeSql(a, action)}`
        )
          .map((p) => p.id)
          .sort();
        expect(viaSql, `${a.role} ${a.schoolId ?? a.providerId ?? ''} ${action}`).toEqual(viaPrisma);
        compared++;
        sizes.add(viaPrisma.length);
      }
    // The world separates the conditions: many different answers, neither always nothing nor always everything.
    expect(compared).toBeGreaterThan(100);
    expect(sizes.size).toBeGreaterThanOrEqual(6);
    expect([...sizes].some((n) => n > 0 && n < all.length)).toBe(true);
  });

  it('reads the same pupil row as Prisma, by id and by UPN, for every role', async () => {
    // After the first test: the same world. `pupil(id)`, `pupilByUpn` and the timeline read through this.
    const prisma = ctx.world.prisma;
    const pupils = await prisma.pupil.findMany({ select: { id: true, upn: true } });
    expect(pupils.length).toBeGreaterThanOrEqual(10);
    let found = 0;
    for (const a of SCOPE_ACTORS)
      for (const p of pupils) {
        const viaPrisma = await prisma.pupil.findFirst({ where: { AND: [{ id: p.id }, pupilScope(a)] } });
        expect(await findPupilInScope(prisma, a, { id: p.id })).toEqual(viaPrisma);
        expect(await findPupilInScope(prisma, a, { upn: p.upn })).toEqual(viaPrisma);
        if (viaPrisma) found++;
      }
    expect(found).toBeGreaterThan(20);
    expect(found).toBeLessThan(SCOPE_ACTORS.length * pupils.length);
    // Not a UUID: answered by Prisma's path, as before.
    await expect(findPupilInScope(prisma, SCOPE_ACTORS[0]!, { id: 'not-a-uuid' })).rejects.toThrow();
  });

  it('a pupil out of scope is refused like a missing one, before any of its facts is checked', async () => {
    const prisma = ctx.world.prisma;
    const deps = {
      prisma,
      calendars: createCalendarService(prisma),
      clock: settableClock('2026-11-02T10:00:00Z'),
    };
    const school: Actor = {
      userId: IDS.users.secondaryStaff,
      role: 'SCHOOL_STAFF',
      laId: IDS.laA,
      schoolId: IDS.secondaryA,
    };
    const officer: Actor = { userId: IDS.users.laOfficer, role: 'LA_OFFICER', laId: IDS.laA };
    // On Riverside's roll only: not Hillside's pupil.
    const other = await pupil(prisma, { dob: '2011-05-05' });
    await enrol(prisma, other, IDS.academyA, '2022-09-01');
    // Restricted to another LA's officer: hidden from this one.
    const hidden = await pupil(prisma, { dob: '2011-05-06' });
    await prisma.pupil.update({
      where: { id: hidden },
      data: { restrictedAt: new Date(), restrictedToUserIds: [IDS.users.laOfficerB] },
    });
    const refusal = async (who: Actor, input: Record<string, unknown>) => {
      const err = await commissionPlacement(deps, who, input, null).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      return { code: (err as AppError).code, message: (err as AppError).message };
    };
    const bySchool = {
      commissionerKind: 'SCHOOL',
      commissioningSchoolId: IDS.secondaryA,
      reason: 'BEHAVIOUR_EARLY_INTERVENTION',
    };
    const missing = await refusal(school, placementInput(randomUUID(), bySchool));
    expect(missing).toEqual({ code: 'NOT_FOUND', message: 'No pupil was found with that reference.' });
    // Out of scope, with a provider that does not exist and a start before the pupil was born: still "no pupil".
    const bad = { providerId: randomUUID(), startDate: '2001-01-01' };
    expect(await refusal(school, placementInput(other, { ...bySchool, ...bad }))).toEqual(missing);
    expect(await refusal(officer, placementInput(hidden, bad))).toEqual(missing);
    // In scope, the same input is refused for its provider: the pupil was found.
    expect((await refusal(officer, placementInput(other, bad))).message).toBe(
      'No AP provider was found with that reference.',
    );
  });
});
