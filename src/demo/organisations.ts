import { SchoolCalendar, loadBankHolidays, parseSheffieldTermDatesJson } from '../domain/calendar';
import { readReferenceText } from '../domain/referenceData';
import type { CheckOutcome, SchoolPhase, SchoolType } from '../generated/prisma/enums';
import type { Ctx, LaCtx, ProviderInfo, ProviderKey, SchoolInfo } from './context';
import { addDays } from './dates';
import { placeNames, primarySchoolName, secondarySchoolName, specialSchoolName } from './names';
import type { Rng } from './random';
import type { DemoActor, ProviderRow, SchoolRow } from './types';
import {
  DEMO_LA_CODE,
  DEMO_LA_NAME,
  DEMO_OTHER_LA_CODE,
  DEMO_OTHER_LA_NAME,
  DEMO_OTHER_LA_SCHOOL_URN,
  DEMO_PRU_NAME,
  DEMO_PRU_URN,
  DEMO_SECONDARY_NAME,
  DEMO_SECONDARY_URN,
  DEMO_UNREGISTERED_PROVIDER_NAME,
  DEMO_USERS,
} from './users';

export const SHEFFIELD_TERM_DATES_FILE = 'sheffield_la_term_dates_2025_2028.json';

/** Unique URNs, LAESTABs and UKPRNs across the data set. */
class Identifiers {
  private used = new Set<string>([DEMO_SECONDARY_URN, DEMO_PRU_URN, DEMO_OTHER_LA_SCHOOL_URN]);
  constructor(private rng: Rng) {}
  private draw(make: () => string): string {
    for (;;) {
      const v = make();
      if (!this.used.has(v)) {
        this.used.add(v);
        return v;
      }
    }
  }
  urn(kind: SchoolType): string {
    return this.draw(() =>
      String(
        kind === 'MAINTAINED' || kind === 'SPECIAL' || kind === 'PRU'
          ? this.rng.int(106900, 107999)
          : this.rng.int(136000, 149999),
      ),
    );
  }
  laestab(la: string, from: number, to: number): string {
    return this.draw(() => `${la}${this.rng.int(from, to)}`);
  }
  ukprn(): string {
    return this.draw(() => `100${this.rng.digits(5)}`);
  }
}

const NOR = {
  PRIMARY: [
    [180, 1],
    [210, 5],
    [315, 2],
    [420, 4],
    [630, 1.5],
  ],
  SECONDARY: [
    [850, 2],
    [1050, 3],
    [1250, 3],
    [1500, 2],
  ],
} as const;

function school(
  ctx: Ctx,
  ids: Identifiers,
  laId: string,
  laCode: string,
  f: { name: string; phase: SchoolPhase; type: SchoolType; nor: number; urn?: string; estab: [number, number] },
): SchoolRow {
  return {
    id: ctx.id(),
    laId,
    urn: f.urn ?? ids.urn(f.type),
    laestab: ids.laestab(laCode, f.estab[0], f.estab[1]),
    name: f.name,
    phase: f.phase,
    type: f.type,
    numberOnRoll: f.nor,
    isOpen: true,
  };
}

function buildSchools(
  ctx: Ctx,
  rng: Rng,
  ids: Identifiers,
  la: LaCtx,
  counts: { primary: number; secondary: number; special: number },
  fixedSecondary?: { urn: string; name: string },
): SchoolInfo[] {
  const code = la.row.code;
  const places = placeNames(rng, counts.primary + counts.secondary + counts.special + 4).filter(
    (p) => !/^(Wrenfield|Rowanbank|Thornleigh)$/.test(p),
  );
  const out: SchoolInfo[] = [];
  const add = (row: SchoolRow, kind: SchoolInfo['kind']) => out.push({ row, estab: row.laestab.slice(3), kind });
  for (let i = 0; i < counts.primary; i++) {
    const academy = rng.chance(0.55);
    const nor = Math.round(rng.weighted(NOR.PRIMARY) * rng.float(0.85, 1.02));
    add(
      school(ctx, ids, la.row.id, code, {
        name: primarySchoolName(rng, places.pop()!, academy),
        phase: 'PRIMARY',
        type: academy ? 'ACADEMY' : 'MAINTAINED',
        nor,
        estab: [2000, 3499],
      }),
      'PRIMARY',
    );
  }
  for (let i = 0; i < counts.secondary; i++) {
    const fixed = i === 0 ? fixedSecondary : undefined;
    const academy = fixed ? true : rng.chance(0.85);
    const nor = Math.round(rng.weighted(NOR.SECONDARY) * rng.float(0.85, 1.05));
    const name = fixed?.name ?? secondarySchoolName(rng, places.pop()!, academy);
    add(
      school(ctx, ids, la.row.id, code, {
        name,
        phase: 'SECONDARY',
        type: academy ? 'ACADEMY' : 'MAINTAINED',
        nor,
        urn: fixed?.urn,
        estab: [4000, 4799],
      }),
      'SECONDARY',
    );
  }
  for (let i = 0; i < counts.special; i++) {
    const academy = i === counts.special - 1 && counts.special > 2;
    add(
      school(ctx, ids, la.row.id, code, {
        name: specialSchoolName(rng, places.pop()!),
        phase: 'SPECIAL',
        type: academy ? 'ACADEMY' : 'SPECIAL',
        nor: rng.int(80, 220),
        estab: [7000, 7099],
      }),
      'SPECIAL',
    );
  }
  return out;
}

function checks(ctx: Ctx, rng: Rng, outcome: CheckOutcome, riskAssessment: boolean) {
  const qa = addDays(ctx.today, -rng.int(40, 420));
  return {
    qaCheckDate: qa,
    qaOutcome: outcome,
    safeguardingCheckDate: addDays(ctx.today, -rng.int(20, 330)),
    safeguardingOutcome: outcome === 'UNSATISFACTORY' ? 'CONCERNS' : 'SATISFACTORY',
    riskAssessmentDate: riskAssessment ? addDays(ctx.today, -rng.int(15, 300)) : null,
  } as const;
}

function provider(
  ctx: Ctx,
  la: LaCtx,
  key: ProviderKey,
  row: Omit<ProviderRow, 'id' | 'laId'>,
  school: SchoolRow | null = null,
): ProviderInfo {
  const info: ProviderInfo = { key, school, row: { id: ctx.id(), laId: la.row.id, ...row } };
  la.providers.push(info);
  return info;
}

function buildSheffield(ctx: Ctx, rng: Rng, ids: Identifiers, la: LaCtx) {
  la.schools.push(
    ...buildSchools(
      ctx,
      rng,
      ids,
      la,
      { primary: 45, secondary: 12, special: 3 },
      { urn: DEMO_SECONDARY_URN, name: DEMO_SECONDARY_NAME },
    ),
  );
  const apPlace = placeNames(rng.fork('ap-names'), 12).filter((p) => !la.schools.some((s) => s.row.name.includes(p)));
  const pru = school(ctx, ids, la.row.id, '373', {
    name: DEMO_PRU_NAME,
    phase: 'ALTERNATIVE_PROVISION',
    type: 'PRU',
    nor: rng.int(90, 140),
    urn: DEMO_PRU_URN,
    estab: [1100, 1109],
  });
  const apAcademy = school(ctx, ids, la.row.id, '373', {
    name: `${apPlace[0]} Academy`,
    phase: 'ALTERNATIVE_PROVISION',
    type: 'AP_ACADEMY',
    nor: rng.int(60, 110),
    estab: [1110, 1119],
  });
  la.schools.push(
    { row: pru, estab: pru.laestab.slice(3), kind: 'AP' },
    { row: apAcademy, estab: apAcademy.laestab.slice(3), kind: 'AP' },
  );
  const base = { ukprn: null, settingType: null, registrationReference: null };
  provider(
    ctx,
    la,
    'PRU',
    {
      ...base,
      name: pru.name,
      kind: 'REGISTERED_SCHOOL',
      schoolId: pru.id,
      urn: pru.urn,
      ...checks(ctx, rng, 'SATISFACTORY', true),
      onApprovedList: true,
    },
    pru,
  );
  provider(
    ctx,
    la,
    'AP_ACADEMY',
    {
      ...base,
      name: apAcademy.name,
      kind: 'REGISTERED_SCHOOL',
      schoolId: apAcademy.id,
      urn: apAcademy.urn,
      ...checks(ctx, rng, 'SATISFACTORY', true),
      onApprovedList: true,
    },
    apAcademy,
  );
  const indep = (key: ProviderKey, name: string, outcome: CheckOutcome) =>
    provider(ctx, la, key, {
      ...base,
      name,
      kind: 'REGISTERED_INDEPENDENT_SCHOOL',
      schoolId: null,
      urn: ids.urn('INDEPENDENT'),
      registrationReference: `373/${rng.int(6000, 6099)}`,
      ...checks(ctx, rng, outcome, true),
      onApprovedList: true,
    });
  indep('INDEPENDENT_1', `${apPlace[1]} House Independent School`, 'SATISFACTORY');
  indep('INDEPENDENT_2', `${apPlace[2]} Vocational Training School`, 'CONCERNS');
  const unreg = (
    key: ProviderKey,
    name: string,
    id: { ukprn?: string; settingType?: string },
    outcome: CheckOutcome,
    risk: boolean,
    approved: boolean,
  ) =>
    provider(ctx, la, key, {
      name,
      kind: 'UNREGISTERED',
      schoolId: null,
      urn: null,
      ukprn: id.ukprn ?? null,
      settingType: id.settingType ?? null,
      registrationReference: null,
      ...checks(ctx, rng, outcome, risk),
      onApprovedList: approved,
    });
  unreg('ROWANBANK', DEMO_UNREGISTERED_PROVIDER_NAME, { ukprn: ids.ukprn() }, 'SATISFACTORY', true, true);
  unreg('EQUINE', `${apPlace[3]} Equine Learning CIC`, { ukprn: ids.ukprn() }, 'SATISFACTORY', true, true);
  unreg('TUITION', `${apPlace[4]} One-to-One Tuition`, { settingType: 'OOT' }, 'SATISFACTORY', true, true);
  unreg('BOXING', `${apPlace[5]} Boxing and Mentoring Club`, { settingType: 'OTH' }, 'CONCERNS', false, false);
}

function buildRotherham(ctx: Ctx, rng: Rng, ids: Identifiers, la: LaCtx) {
  la.schools.push(...buildSchools(ctx, rng, ids, la, { primary: 2, secondary: 1, special: 0 }));
  // The fixed URN belongs to the secondary, which scope tests look up.
  const sec = la.schools.find((s) => s.kind === 'SECONDARY')!;
  sec.row.urn = DEMO_OTHER_LA_SCHOOL_URN;
  const place = placeNames(rng.fork('other-ap'), 1)[0]!;
  provider(ctx, la, 'OTHER_LA', {
    name: `${place} Outdoor Learning`,
    kind: 'UNREGISTERED',
    schoolId: null,
    urn: null,
    ukprn: null,
    settingType: 'WBP',
    registrationReference: null,
    ...checks(ctx, rng, 'SATISFACTORY', true),
    onApprovedList: true,
  });
}

/** Both LAs, Sheffield's term dates, schools, providers and the demo users. */
export function buildOrganisations(ctx: Ctx): void {
  const rng = ctx.rng.fork('organisations');
  const ids = new Identifiers(rng.fork('identifiers'));
  const bank = loadBankHolidays();
  const terms = parseSheffieldTermDatesJson(JSON.parse(readReferenceText(SHEFFIELD_TERM_DATES_FILE)));
  const mkLa = (code: string, name: string, cal: SchoolCalendar): LaCtx => {
    const row = { id: ctx.id(), code, name };
    ctx.data.localAuthorities.push(row);
    return { row, cal, schools: [], providers: [], officer: { userId: '', role: 'LA_OFFICER', orgId: row.id } };
  };
  const main = mkLa(DEMO_LA_CODE, DEMO_LA_NAME, new SchoolCalendar(bank, terms));
  const other = mkLa(DEMO_OTHER_LA_CODE, DEMO_OTHER_LA_NAME, new SchoolCalendar(bank, []));
  ctx.las = { main, other };
  for (const t of terms)
    ctx.data.termDates.push({
      id: ctx.id(),
      laId: main.row.id,
      academicYear: t.academicYear,
      holidays: t.holidays.map((h) => ({ ...h })),
      insetDays: t.insetDays ?? [],
      source: t.source,
    });
  buildSheffield(ctx, rng, ids, main);
  buildRotherham(ctx, rng, ids, other);
  for (const la of [main, other]) {
    ctx.data.schools.push(...la.schools.map((s) => s.row));
    ctx.data.providers.push(...la.providers.map((p) => p.row));
  }
  buildUsers(ctx);
}

function buildUsers(ctx: Ctx) {
  const byCode = (code: string) => (code === DEMO_LA_CODE ? ctx.las.main : ctx.las.other);
  const actor = (id: string): DemoActor => {
    const u = ctx.data.users.find((x) => x.id === id)!;
    return { userId: u.id, role: u.role, orgId: u.schoolId ?? u.providerId ?? u.laId };
  };
  for (const u of DEMO_USERS) {
    const la = byCode(u.laCode);
    const schoolId = u.schoolUrn ? la.schools.find((s) => s.row.urn === u.schoolUrn)?.row.id : undefined;
    const providerId = u.providerName ? la.providers.find((p) => p.row.name === u.providerName)?.row.id : undefined;
    if (u.schoolUrn && !schoolId) throw new Error(`demo user ${u.email}: no school ${u.schoolUrn}`);
    if (u.providerName && !providerId) throw new Error(`demo user ${u.email}: no provider ${u.providerName}`);
    ctx.data.users.push({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      laId: la.row.id,
      schoolId: schoolId ?? null,
      providerId: providerId ?? null,
      active: true,
    });
  }
  const find = (role: string, code: string) => DEMO_USERS.find((u) => u.role === role && u.laCode === code)!.id;
  ctx.las.main.officer = actor(find('LA_OFFICER', DEMO_LA_CODE));
  ctx.las.other.officer = actor(find('LA_OFFICER', DEMO_OTHER_LA_CODE));
  const provStaff = (name: string) => actor(DEMO_USERS.find((u) => u.providerName === name)!.id);
  ctx.actors = {
    officer: ctx.las.main.officer,
    otherOfficer: ctx.las.other.officer,
    panel: actor(find('PANEL_MEMBER', DEMO_LA_CODE)),
    schoolStaff: actor(find('SCHOOL_STAFF', DEMO_LA_CODE)),
    pruStaff: provStaff(DEMO_PRU_NAME),
    rowanbankStaff: provStaff(DEMO_UNREGISTERED_PROVIDER_NAME),
  };
}
