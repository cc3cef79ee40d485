import { readFileSync } from 'node:fs';
import { createPrisma } from '../../src/db/prisma';
import type { PrismaClient } from '../../src/generated/prisma/client';
import type { Role } from '../../src/generated/prisma/enums';
import { issueToken } from '../../src/auth/tokens';
import { upnCheckLetter } from '../../src/domain/identifiers';
import { parseSheffieldTermDatesJson } from '../../src/domain/calendar';
import type { TestDatabase } from './database';
import { TEST_JWT } from './api';

/**
 * A small hand-built world: LA 373 with schools, a PRU, a registered independent AP and two
 * unregistered providers; LA 372 with one school, one provider and one pupil (for scope tests).
 * Sheffield's 2025-26 to 2027-28 term dates are loaded for LA 373, so school days are hand-countable.
 */
export const IDS = {
  laA: '00000000-0000-4000-8000-000000000373',
  laB: '00000000-0000-4000-8000-000000000372',
  secondaryA: '00000000-0000-4000-8000-0000000a0001', // maintained secondary
  academyA: '00000000-0000-4000-8000-0000000a0002', // academy secondary
  primaryA: '00000000-0000-4000-8000-0000000a0003',
  specialA: '00000000-0000-4000-8000-0000000a0004',
  pruSchoolA: '00000000-0000-4000-8000-0000000a0005',
  secondaryB: '00000000-0000-4000-8000-0000000b0001',
  pru: '00000000-0000-4000-8000-0000000c0001',
  independentAp: '00000000-0000-4000-8000-0000000c0002',
  unregUkprn: '00000000-0000-4000-8000-0000000c0003',
  unregSetting: '00000000-0000-4000-8000-0000000c0004',
  unregB: '00000000-0000-4000-8000-0000000c00b1',
  users: {
    laOfficer: '00000000-0000-4000-8000-0000000d0001',
    panel: '00000000-0000-4000-8000-0000000d0002',
    analyst: '00000000-0000-4000-8000-0000000d0003',
    secondaryStaff: '00000000-0000-4000-8000-0000000d0004',
    academyStaff: '00000000-0000-4000-8000-0000000d0005',
    pruStaff: '00000000-0000-4000-8000-0000000d0006',
    unregStaff: '00000000-0000-4000-8000-0000000d0007',
    laOfficerB: '00000000-0000-4000-8000-0000000d00b1',
  },
} as const;

export type UserKey = keyof typeof IDS.users;

export interface World {
  prisma: PrismaClient;
  tokens: Record<UserKey, string>;
  close(): Promise<void>;
}

let upnSerial = 0;
/** A valid permanent UPN for LA 373 (or the LA given), unique within the test run. */
export function makeUpn(la = '373'): string {
  upnSerial += 1;
  // Vary the establishment digits so serials beyond 999 stay unique.
  const estab = String(4000 + Math.floor(upnSerial / 1000)).padStart(4, '0');
  const rest12 = `${la}${estab}25${String(upnSerial % 1000).padStart(3, '0')}`;
  return `${upnCheckLetter(rest12)}${rest12}`;
}

const USER_ROWS: { key: UserKey; role: Role; la: 'laA' | 'laB'; school?: string; provider?: string }[] = [
  { key: 'laOfficer', role: 'LA_OFFICER', la: 'laA' },
  { key: 'panel', role: 'PANEL_MEMBER', la: 'laA' },
  { key: 'analyst', role: 'ANALYST', la: 'laA' },
  { key: 'secondaryStaff', role: 'SCHOOL_STAFF', la: 'laA', school: IDS.secondaryA },
  { key: 'academyStaff', role: 'SCHOOL_STAFF', la: 'laA', school: IDS.academyA },
  { key: 'pruStaff', role: 'PROVIDER_STAFF', la: 'laA', provider: IDS.pru },
  { key: 'unregStaff', role: 'PROVIDER_STAFF', la: 'laA', provider: IDS.unregUkprn },
  { key: 'laOfficerB', role: 'LA_OFFICER', la: 'laB' },
];

export async function buildWorld(db: TestDatabase): Promise<World> {
  const prisma = createPrisma(db.ownerUrl, 5);
  await prisma.localAuthority.createMany({
    data: [
      { id: IDS.laA, code: '373', name: 'Sheffield (test)' },
      { id: IDS.laB, code: '372', name: 'Rotherham (test)' },
    ],
  });
  const sheffield = parseSheffieldTermDatesJson(
    JSON.parse(readFileSync('data/reference/sheffield_la_term_dates_2025_2028.json', 'utf8')),
  );
  await prisma.termDates.createMany({
    data: sheffield.map((t) => ({
      laId: IDS.laA,
      academicYear: t.academicYear,
      holidays: t.holidays as never,
      insetDays: (t.insetDays ?? []) as never,
      source: t.source,
    })),
  });
  await prisma.school.createMany({
    data: [
      {
        id: IDS.secondaryA,
        laId: IDS.laA,
        urn: '900001',
        laestab: '3734001',
        name: 'Hillside Secondary',
        phase: 'SECONDARY',
        type: 'MAINTAINED',
        numberOnRoll: 1000,
      },
      {
        id: IDS.academyA,
        laId: IDS.laA,
        urn: '900002',
        laestab: '3734002',
        name: 'Riverside Academy',
        phase: 'SECONDARY',
        type: 'ACADEMY',
        numberOnRoll: 1200,
      },
      {
        id: IDS.primaryA,
        laId: IDS.laA,
        urn: '900003',
        laestab: '3732001',
        name: 'Meadow Primary',
        phase: 'PRIMARY',
        type: 'MAINTAINED',
        numberOnRoll: 300,
      },
      {
        id: IDS.specialA,
        laId: IDS.laA,
        urn: '900004',
        laestab: '3737001',
        name: 'Oak Special School',
        phase: 'SPECIAL',
        type: 'SPECIAL',
        numberOnRoll: 120,
      },
      {
        id: IDS.pruSchoolA,
        laId: IDS.laA,
        urn: '900005',
        laestab: '3731101',
        name: 'Northside PRU',
        phase: 'ALTERNATIVE_PROVISION',
        type: 'PRU',
        numberOnRoll: 60,
      },
      {
        id: IDS.secondaryB,
        laId: IDS.laB,
        urn: '900101',
        laestab: '3724001',
        name: 'Valley School',
        phase: 'SECONDARY',
        type: 'MAINTAINED',
        numberOnRoll: 900,
      },
    ],
  });
  await prisma.provider.createMany({
    data: [
      {
        id: IDS.pru,
        laId: IDS.laA,
        name: 'Northside PRU',
        kind: 'REGISTERED_SCHOOL',
        schoolId: IDS.pruSchoolA,
        urn: '900005',
      },
      {
        id: IDS.independentAp,
        laId: IDS.laA,
        name: 'Bridge Independent AP',
        kind: 'REGISTERED_INDEPENDENT_SCHOOL',
        urn: '900006',
        safeguardingCheckDate: new Date('2025-07-01'),
        safeguardingOutcome: 'SATISFACTORY',
        onApprovedList: true,
      },
      {
        id: IDS.unregUkprn,
        laId: IDS.laA,
        name: 'Pathways Mentoring',
        kind: 'UNREGISTERED',
        ukprn: '10012345',
        onApprovedList: true,
      },
      { id: IDS.unregSetting, laId: IDS.laA, name: 'City Boxing Academy', kind: 'UNREGISTERED', settingType: 'OTH' },
      { id: IDS.unregB, laId: IDS.laB, name: 'Valley Farm Project', kind: 'UNREGISTERED', settingType: 'OTH' },
    ],
  });
  await prisma.appUser.createMany({
    data: USER_ROWS.map((u) => ({
      id: IDS.users[u.key],
      email: `${u.key}@test.invalid`,
      name: u.key,
      role: u.role,
      laId: IDS[u.la],
      schoolId: u.school ?? null,
      providerId: u.provider ?? null,
    })),
  });
  const entries = await Promise.all(USER_ROWS.map(async (u) => [u.key, await tokenFor(u.key)] as const));
  return { prisma, tokens: Object.fromEntries(entries) as Record<UserKey, string>, close: () => prisma.$disconnect() };
}

export function tokenFor(key: UserKey, ttl: string | number = '1h'): Promise<string> {
  const u = USER_ROWS.find((r) => r.key === key)!;
  return issueToken(
    TEST_JWT,
    { userId: IDS.users[key], role: u.role, laId: IDS[u.la], schoolId: u.school, providerId: u.provider },
    ttl,
  );
}

/** A pupil on a school's roll, written directly (tests of other features start from here). */
export async function addPupil(
  prisma: PrismaClient,
  opts: {
    schoolId?: string;
    laId?: string;
    dob?: string;
    senStatus?: 'NONE' | 'SEN_SUPPORT' | 'EHCP';
    lookedAfter?: boolean;
    onRollFrom?: string;
    firstName?: string;
  } = {},
) {
  const laId = opts.laId ?? IDS.laA;
  const pupil = await prisma.pupil.create({
    data: {
      upn: makeUpn(laId === IDS.laB ? '372' : '373'),
      firstName: opts.firstName ?? 'Test',
      lastName: `Pupil${upnSerial}`,
      dateOfBirth: new Date(`${opts.dob ?? '2011-05-10'}T00:00:00Z`),
      sex: 'F',
      senStatus: opts.senStatus ?? 'NONE',
      lookedAfter: opts.lookedAfter ?? false,
      homeLaId: laId,
    },
  });
  if (opts.schoolId !== undefined || laId === IDS.laA) {
    await prisma.enrolment.create({
      data: {
        pupilId: pupil.id,
        schoolId: opts.schoolId ?? IDS.secondaryA,
        startDate: new Date(`${opts.onRollFrom ?? '2022-09-01'}T00:00:00Z`),
      },
    });
  }
  return pupil;
}
