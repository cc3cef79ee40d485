import { Prisma } from '../generated/prisma/client';
import { fromDayNumber, toDayNumber } from '../domain/dates';
import { disproportionalityRatio, per100, share } from '../domain/reports/rates';
import {
  isUnexplainedExitCandidate,
  m2WindowFor,
  year10BirthRange,
  year11RollLosses,
  type CohortCandidate,
  type RollExitCategory,
  type RollSpan,
} from '../domain/reports/offRolling';
import type { Published } from './suppression';
import { metaOf, type ReportDeps, type ReportMeta, type ReportRequest } from './request';
import { homeSchool, organisationNames, placementSchool, withPupils, type OrganisationNames } from './sql';
import { factsFor, type FactsDb, type FactsQuery, type FactsSource, type FactsSpec } from './rollups/facts';
import type { DateRange } from './rollups/months';

export const CHARACTERISTICS = ['SEN_SUPPORT', 'EHCP', 'LOOKED_AFTER', 'FSM', 'SOCIAL_CARE'] as const;
export type Characteristic = (typeof CHARACTERISTICS)[number];

// SQL predicates on the pupil columns withPupils adds, one per characteristic.
const HAS: Record<Characteristic, string> = {
  SEN_SUPPORT: `"senStatus" = 'SEN_SUPPORT'`,
  EHCP: `"senStatus" = 'EHCP'`,
  LOOKED_AFTER: `"lookedAfter"`,
  FSM: `"fsmEligible"`,
  SOCIAL_CARE: `"socialCareStatus" <> 'NONE'`,
};
/**
 * One row per school and pupil (a pupil can move twice, or be on a roll twice, in a period), its
 * characteristics as flags from the row first in `order` (the first move; the last day on the roll), so
 * pupils can then be counted per school without DISTINCT. DISTINCT ON sorts once, which is far cheaper
 * than ordered aggregates per group.
 */
const perPupil = (source: string, order: string, extra = '') =>
  Prisma.raw(`SELECT DISTINCT ON ("schoolId", "pupilId") "schoolId", "pupilId"${extra},
    ${CHARACTERISTICS.map((c) => `${HAS[c]} AS "${c}"`).join(', ')}
    FROM ${source} ORDER BY "schoolId", "pupilId", ${order}`);
/** Pupils with each characteristic among per-pupil rows meeting `when`. */
const withCounts = (when = 'true') =>
  Prisma.raw(CHARACTERISTICS.map((c) => `count(*) FILTER (WHERE "${c}" AND ${when})::int AS "${c}"`).join(', '));

export interface DisproportionalityRow {
  characteristic: Characteristic;
  movedWith: Published;
  movedShare: Published;
  rollWith: Published;
  rollShare: Published;
  /** movedShare / rollShare: 1 is proportionate. */
  ratio: Published;
}

export interface SchoolProfileRow {
  schoolId: string;
  name: string;
  phase: string;
  numberOnRoll: number;
  pupilsMovedToAp: Published;
  movedPer100OnRoll: Published;
  permanentExclusions: Published;
  offSiteDirections: Published;
  pupilsOnRollInPeriod: Published;
  disproportionality: DisproportionalityRow[];
  unexplainedExitCandidates: Published;
  unexplainedExitsByCategory: { category: string; count: Published }[];
  year10Cohort: Published;
  year11RollLosses: Published;
  year11RollLossRate: Published;
  /** Managed moves (permanent transfers, domain.md §10.2) starting in the period, from and to this school. */
  managedMovesOut: Published;
  managedMovesIn: Published;
  /** Pupils in one of the school's inclusion bases in the period: on-roll provision, never counted as AP (§10.4). */
  inclusionBasePupils: Published;
}

export interface SchoolProfileReport {
  meta: ReportMeta;
  year10Census: string;
  year11Census: string;
  schools: SchoolProfileRow[];
}

type CharCounts = Record<Characteristic, number>;

/**
 * Moves into AP in some date ranges, per school and the date of each one's previous move (the same pupil's
 * latest earlier non-transfer placement attributed to the same school; null if none): a move is its
 * pupil's first in a period exactly when its previous move is before the period's start.
 */
export type MovesByPrevious = ({ schoolId: string; prev: string | null; n: number; offSite: number } & CharCounts)[];

/** What the school profile is built from: counts per school, no names (a rollup holds exactly this). */
export interface SchoolProfileFacts {
  moved: ({ schoolId: string; moved: number; offSite: number } & CharCounts)[];
  rolls: ({ schoolId: string; roll: number; m2Cohort: number; m2Lost: number } & CharCounts)[];
  pex: { schoolId: string; n: number }[];
  exits: { schoolId: string; category: RollExitCategory; n: number }[];
  managedMoves: { schoolId: string; out: number; in: number }[];
  inclusionBases: { schoolId: string; n: number }[];
  /** Only in monthly cells and partial months (additive facts); `moved` is derived from it for a period. */
  movesByPrevious?: MovesByPrevious;
}

/**
 * Per school of the LA (AP schools excepted), for the period:
 * - pupils moved into AP: distinct pupils with a placement starting in the period that is not a transfer,
 *   attributed to the commissioning school, else the school whose roll they were on (see sql.placementSchool);
 *   per 100 on the school's published number on roll;
 * - permanent exclusions (not reinstated) and off-site directions starting in the period;
 * - disproportionality: each characteristic's share among those moved against its share among pupils on
 *   the school's roll (single/main registration) at any time in the period;
 * - rule M1: single/main roll exits in the period not explained by the exit category;
 * - rule M2: Year 10 → Year 11 January census roll losses for the latest Year 11 census by the period end;
 * - managed moves starting in the period, out of and into the school (2026 guidance: permanent transfers);
 * - pupils in the school's inclusion bases at any time in the period: on-roll provision, shown apart and
 *   never part of the AP figures above (Schools White Paper 2026).
 * Filters: school and phase choose the schools; provider restricts the placements counted.
 */
export async function schoolProfile(deps: ReportDeps, req: ReportRequest): Promise<SchoolProfileReport> {
  const [{ facts, source }, orgs] = await Promise.all([
    factsFor(deps, req, SCHOOL_PROFILE_FACTS),
    organisationNames(deps.prisma, req.laId),
  ]);
  return presentSchoolProfile(req, facts, orgs, source);
}

export const SCHOOL_PROFILE_FACTS: FactsSpec<SchoolProfileFacts> = {
  report: 'SCHOOL_MOVEMENT_PROFILE',
  gather: gatherSchoolProfile,
  // School and phase only choose which schools are shown; the provider changes what is counted.
  answersFilter: (f) => !f.providerId,
  dependsOnAsOf: false,
  // Counts of acts add up across months (exclusions, roll exits, managed moves, off-site directions); pupils
  // moved are distinct, so a month keeps its moves by the date of each one's previous move and a period counts
  // those whose previous move is before its start (which rests on earlier years: restsOnEarlierYears). The roll
  // (a stock, as on each pupil's last day on it), M2 and inclusion-base pupils are read for the whole period.
  monthly: {
    add: addSchoolProfileFacts,
    overWhole: async (db, q) => {
      const [rolls, inclusionBases] = await Promise.all([rollFacts(db, q), inclusionBaseFacts(db, q)]);
      return { rolls, inclusionBases };
    },
    gatherEdges: gatherAdditive,
    finish: movedFromPrevious,
    restsOnEarlierYears: true,
  },
};

const addBy = <T extends object>(rows: T[], key: (r: T) => string, fields: (keyof T)[]): T[] => {
  const out = new Map<string, T>();
  for (const r of rows) {
    const seen = out.get(key(r));
    if (!seen) out.set(key(r), { ...r });
    else for (const f of fields) (seen[f] as number) += r[f] as number;
  }
  return [...out.values()];
};

/** Two parts of a period added: the counts of acts summed per school; moves kept by their previous move. */
function addSchoolProfileFacts(a: SchoolProfileFacts, b: SchoolProfileFacts): SchoolProfileFacts {
  return {
    moved: [],
    rolls: [],
    inclusionBases: [],
    pex: addBy([...a.pex, ...b.pex], (r) => r.schoolId, ['n']),
    exits: addBy([...a.exits, ...b.exits], (r) => `${r.schoolId}|${r.category}`, ['n']),
    managedMoves: addBy([...a.managedMoves, ...b.managedMoves], (r) => r.schoolId, ['out', 'in']),
    movesByPrevious: addBy(
      [...(a.movesByPrevious ?? []), ...(b.movesByPrevious ?? [])],
      (r) => `${r.schoolId}|${r.prev ?? ''}`,
      ['n', 'offSite', ...CHARACTERISTICS],
    ),
  };
}

/** Pupils moved per school in the period: the moves whose previous move is before its start; every off-site direction. */
function movedFromPrevious(facts: SchoolProfileFacts, q: FactsQuery): SchoolProfileFacts {
  const { movesByPrevious = [], ...rest } = facts;
  const moved = new Map<string, SchoolProfileFacts['moved'][number]>();
  for (const r of movesByPrevious) {
    const row = moved.get(r.schoolId) ?? {
      schoolId: r.schoolId,
      moved: 0,
      offSite: 0,
      ...(Object.fromEntries(CHARACTERISTICS.map((c) => [c, 0])) as CharCounts),
    };
    row.offSite += r.offSite;
    if (r.prev === null || r.prev < q.period.from) {
      row.moved += r.n;
      for (const c of CHARACTERISTICS) row[c] += r[c];
    }
    moved.set(r.schoolId, row);
  }
  return { ...rest, moved: [...moved.values()] };
}

/** `column` within one of the date ranges (both ends inclusive). */
const within = (column: string, ranges: readonly DateRange[]) =>
  Prisma.sql`(${Prisma.join(
    ranges.map((r) => Prisma.sql`${Prisma.raw(column)} BETWEEN ${r.from}::date AND ${r.to}::date`),
    ' OR ',
  )})`;

const schoolWhereOf = (q: FactsQuery) => {
  const { schoolId, phase } = q.filter;
  return Prisma.sql`s."laId" = ${q.laId}::uuid AND s."phase" <> 'ALTERNATIVE_PROVISION'
    ${schoolId ? Prisma.sql`AND s."id" = ${schoolId}::uuid` : Prisma.empty} ${phase ? Prisma.sql`AND s."phase"::text = ${phase}` : Prisma.empty}`;
};

/**
 * The additive facts of date ranges (a month's cell, or a period's partial months): counts of acts, and the
 * moves into AP by the date of each one's previous move. Every school (the cells are gathered unfiltered).
 */
async function gatherAdditive(db: FactsDb, q: FactsQuery, ranges: readonly DateRange[]): Promise<SchoolProfileFacts> {
  const la = q.laId;
  const all = { ...q, filter: { providerId: null, schoolId: null, phase: null } };
  const [movesByPrevious, counts] = await Promise.all([
    db.$queryRaw<MovesByPrevious>`
      WITH m AS ${withPupils(
        la,
        Prisma.sql`
          SELECT COALESCE(p."commissioningSchoolId", h."schoolId") AS "schoolId", p."pupilId", p."id", p.reason, p."startDate" FROM "Placement" p
            LEFT JOIN LATERAL (${homeSchool('p')}) h ON true
           WHERE p."laId" = ${la}::uuid AND ${within('p."startDate"', ranges)} AND p."previousPlacementId" IS NULL`,
        Prisma.sql`src."startDate"`,
      )}
      SELECT m."schoolId"::text AS "schoolId", pm.prev::text AS prev, count(*)::int AS n,
             count(*) FILTER (WHERE m.reason = 'OFF_SITE_DIRECTION')::int AS "offSite",
             ${Prisma.raw(CHARACTERISTICS.map((c) => `count(*) FILTER (WHERE ${HAS[c]})::int AS "${c}"`).join(', '))}
        FROM m LEFT JOIN LATERAL (
          SELECT max(q."startDate") AS prev FROM "Placement" q
           WHERE q."pupilId" = m."pupilId" AND q."laId" = ${la}::uuid AND q."previousPlacementId" IS NULL
             AND (q."startDate", q."id") < (m."startDate", m."id") AND ${placementSchool('q')} = m."schoolId") pm ON true
       WHERE m."schoolId" IS NOT NULL
       GROUP BY 1, 2`,
    actCounts(db, all, ranges),
  ]);
  return { moved: [], rolls: [], inclusionBases: [], ...counts, movesByPrevious };
}

async function gatherSchoolProfile(db: FactsDb, q: FactsQuery): Promise<SchoolProfileFacts> {
  const { from, to } = q.period;
  const { providerId } = q.filter;
  const la = q.laId;
  const [moved, rolls, counts, inclusionBases] = await Promise.all([
    // Grouped for every school the placements name; the rows shown are chosen later (cheaper than a join here).
    db.$queryRaw<SchoolProfileFacts['moved']>`
      WITH m AS ${withPupils(
        la,
        Prisma.sql`
          SELECT COALESCE(p."commissioningSchoolId", h."schoolId") AS "schoolId", p."pupilId", p.reason, p."startDate" FROM "Placement" p
            LEFT JOIN LATERAL (${homeSchool('p')}) h ON true
           WHERE p."laId" = ${la}::uuid AND p."startDate" BETWEEN ${from}::date AND ${to}::date AND p."previousPlacementId" IS NULL
             ${providerId ? Prisma.sql`AND p."providerId" = ${providerId}::uuid` : Prisma.empty}`,
        Prisma.sql`src."startDate"`,
      )}
      SELECT "schoolId"::text AS "schoolId", count(*)::int AS moved, sum(off_site)::int AS "offSite", ${withCounts()}
        FROM (${perPupil(`(SELECT *, count(*) FILTER (WHERE reason = 'OFF_SITE_DIRECTION') OVER (PARTITION BY "schoolId", "pupilId") AS off_site FROM m) mo`, '"startDate"', ', off_site')}) g
       GROUP BY 1`,
    rollFacts(db, q),
    actCounts(db, q, [q.period]),
    inclusionBaseFacts(db, q),
  ]);
  return { moved, rolls, ...counts, inclusionBases };
}

/**
 * Pupils on each school's roll (single/main) at any time in the period, with their characteristics on their
 * last day on it (a stock: it does not add up across months), and rule M2 for the period's end. One pass
 * over the LA's registrations serves both the roll (one row per pupil, so each is counted once) and the M2
 * cohort (its registrations as they are).
 */
async function rollFacts(db: FactsDb, q: FactsQuery): Promise<SchoolProfileFacts['rolls']> {
  const { from, to } = q.period;
  const la = q.laId;
  const w = m2WindowFor(to);
  const dob = year10BirthRange(w.year10AcademicYear);
  const inPeriod = Prisma.sql`(e."startDate" <= ${to}::date AND (e."endDate" IS NULL OR e."endDate" >= ${from}::date))`;
  const inCohort = Prisma.sql`("dateOfBirth" BETWEEN ${dob.from}::date AND ${dob.to}::date
    AND "startDate" <= ${w.year11Census}::date AND ("endDate" IS NULL OR "endDate" >= ${w.year10Census}::date))`;
  const rolls = await db.$queryRaw<({ schoolId: string; roll: number; cohort: string | null } & CharCounts)[]>`
      WITH r AS MATERIALIZED ${withPupils(
        la,
        Prisma.sql`
        SELECT e."schoolId", e."pupilId", e."startDate", e."endDate", ${inPeriod} AS in_period,
               LEAST(COALESCE(e."endDate", ${to}::date), ${to}::date) AS last_day
          FROM "School" s JOIN "Enrolment" e ON e."schoolId" = s."id"
         WHERE ${schoolWhereOf(q)} AND e."registration" <> 'SUBSIDIARY'
           AND e."startDate" <= GREATEST(${to}::date, ${w.year11Census}::date)
           AND (e."endDate" IS NULL OR e."endDate" >= LEAST(${from}::date, ${w.year10Census}::date))`,
        // The pupil's characteristics on their last day on the roll in the period.
        Prisma.sql`src.last_day`,
      )},
      roll AS (
        SELECT "schoolId", count(*)::int AS roll, ${withCounts()}
          FROM (${perPupil('(SELECT * FROM r WHERE in_period) ri', 'last_day DESC')}) g GROUP BY 1
      ), cohort AS (
        SELECT "schoolId", string_agg(concat_ws(' ', "pupilId", "startDate" - DATE '2000-01-01', COALESCE("endDate" - DATE '2000-01-01', -1), "dateOfBirth" - DATE '2000-01-01'), ';') AS cohort
          FROM r WHERE ${inCohort} GROUP BY 1
      )
      SELECT COALESCE(roll."schoolId", cohort."schoolId")::text AS "schoolId", COALESCE(roll.roll, 0) AS roll,
             ${Prisma.raw(CHARACTERISTICS.map((c) => `COALESCE(roll."${c}", 0) AS "${c}"`).join(', '))}, cohort.cohort
        FROM roll FULL JOIN cohort ON cohort."schoolId" = roll."schoolId"`;
  // Rule M2 is decided here, so the facts carry counts only, never the pupils.
  return rolls.map(({ cohort, ...r }) => {
    const m2 = year11RollLosses(decodeCohort(cohort), w);
    return { ...r, m2Cohort: m2.cohort, m2Lost: m2.lost.length };
  });
}

/** Counts of acts dated in the ranges, per school: permanent exclusions, M1 roll exits by category, managed moves. */
async function actCounts(
  db: FactsDb,
  q: FactsQuery,
  ranges: readonly DateRange[],
): Promise<Pick<SchoolProfileFacts, 'pex' | 'exits' | 'managedMoves'>> {
  const schoolWhere = schoolWhereOf(q);
  const [pex, exits, managedMoves] = await Promise.all([
    db.$queryRaw<SchoolProfileFacts['pex']>`
      SELECT x."schoolId"::text AS "schoolId", count(*)::int AS n
        FROM "School" s JOIN "Exclusion" x ON x."schoolId" = s."id"
       WHERE ${schoolWhere} AND x.kind = 'PERMANENT' AND x."governorOutcome" <> 'REINSTATED'
         AND ${within('x."startDate"', ranges)}
       GROUP BY 1`,
    db.$queryRaw<SchoolProfileFacts['exits']>`
      SELECT e."schoolId"::text AS "schoolId", e."endCategory"::text AS category, count(*)::int AS n
        FROM "School" s JOIN "Enrolment" e ON e."schoolId" = s."id"
       WHERE ${schoolWhere} AND e."registration" <> 'SUBSIDIARY' AND ${within('e."endDate"', ranges)}
       GROUP BY 1, 2`,
    db.$queryRaw<SchoolProfileFacts['managedMoves']>`
      SELECT "schoolId"::text AS "schoolId", sum("out")::int AS "out", sum("in")::int AS "in" FROM (
        SELECT m."fromSchoolId" AS "schoolId", 1 AS "out", 0 AS "in" FROM "School" s JOIN "ManagedMove" m ON m."fromSchoolId" = s."id"
         WHERE ${schoolWhere} AND ${within('m."startDate"', ranges)}
        UNION ALL
        SELECT m."toSchoolId", 0, 1 FROM "School" s JOIN "ManagedMove" m ON m."toSchoolId" = s."id"
         WHERE ${schoolWhere} AND ${within('m."startDate"', ranges)}) mm
       GROUP BY 1`,
  ]);
  return { pex, exits, managedMoves };
}

/** Distinct pupils in each school's inclusion bases at any time in the period (not additive across months). */
function inclusionBaseFacts(db: FactsDb, q: FactsQuery): Promise<SchoolProfileFacts['inclusionBases']> {
  return db.$queryRaw<SchoolProfileFacts['inclusionBases']>`
      SELECT b."schoolId"::text AS "schoolId", count(DISTINCT sp."pupilId")::int AS n
        FROM "School" s JOIN "InclusionBase" b ON b."schoolId" = s."id" JOIN "InclusionBaseSpell" sp ON sp."baseId" = b."id"
       WHERE ${schoolWhereOf(q)} AND sp."startDate" <= ${q.period.to}::date AND (sp."endDate" IS NULL OR sp."endDate" >= ${q.period.from}::date)
       GROUP BY 1`;
}

/** The published report from its facts: the schools chosen by the filter, suppression applied. */
function presentSchoolProfile(
  req: ReportRequest,
  facts: SchoolProfileFacts,
  orgs: OrganisationNames,
  source: FactsSource,
): SchoolProfileReport {
  const { schoolId, phase } = req.filter;
  const { moved, rolls, pex, exits, managedMoves, inclusionBases } = facts;
  const w = m2WindowFor(req.period.to);
  const pr = req.presenter;
  const schools = orgs.schools
    .filter(
      (s) => s.phase !== 'ALTERNATIVE_PROVISION' && (!schoolId || s.id === schoolId) && (!phase || s.phase === phase),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
  const rows = schools.map((s): SchoolProfileRow => {
    const mv = moved.find((r) => r.schoolId === s.id);
    const rl = rolls.find((r) => r.schoolId === s.id);
    const movedN = mv?.moved ?? 0;
    const rollN = rl?.roll ?? 0;
    const pupilsMovedToAp = pr.count(movedN);
    const pupilsOnRollInPeriod = pr.count(rollN);
    const disproportionality = CHARACTERISTICS.map((c) => {
      const mw = mv?.[c] ?? 0;
      const rw = rl?.[c] ?? 0;
      const movedWith = pr.count(mw);
      const rollWith = pr.count(rw);
      pr.complement(pupilsMovedToAp, movedWith);
      pr.complement(pupilsOnRollInPeriod, rollWith);
      return {
        characteristic: c,
        movedWith,
        movedShare: pr.derived(share(mw, movedN), movedWith, pupilsMovedToAp),
        rollWith,
        rollShare: pr.derived(share(rw, rollN), rollWith, pupilsOnRollInPeriod),
        ratio: pr.derived(
          disproportionalityRatio(mw, movedN, rw, rollN),
          movedWith,
          pupilsMovedToAp,
          rollWith,
          pupilsOnRollInPeriod,
        ),
      };
    });
    const mine = exits.filter((e) => e.schoolId === s.id && isUnexplainedExitCandidate(e.category));
    const byCategory = [...new Set(mine.map((e) => e.category))].sort().map((category) => ({
      category,
      count: pr.count(mine.filter((e) => e.category === category).reduce((a, e) => a + e.n, 0)),
    }));
    const unexplained = pr.count(mine.reduce((a, e) => a + e.n, 0));
    pr.sums(
      unexplained,
      byCategory.map((c) => c.count),
    );
    const cohortN = rl?.m2Cohort ?? 0;
    const lostN = rl?.m2Lost ?? 0;
    const year10Cohort = pr.count(cohortN);
    const losses = pr.count(lostN);
    pr.complement(year10Cohort, losses);
    return {
      schoolId: s.id,
      name: s.name,
      phase: s.phase,
      numberOnRoll: s.numberOnRoll,
      pupilsMovedToAp,
      movedPer100OnRoll: pr.derived(per100(movedN, s.numberOnRoll), pupilsMovedToAp),
      permanentExclusions: pr.count(pex.find((r) => r.schoolId === s.id)?.n ?? 0),
      offSiteDirections: pr.count(mv?.offSite ?? 0),
      pupilsOnRollInPeriod,
      disproportionality,
      unexplainedExitCandidates: unexplained,
      unexplainedExitsByCategory: byCategory,
      year10Cohort,
      year11RollLosses: losses,
      year11RollLossRate: pr.derived(share(lostN, cohortN), losses, year10Cohort),
      managedMovesOut: pr.count(managedMoves.find((r) => r.schoolId === s.id)?.out ?? 0),
      managedMovesIn: pr.count(managedMoves.find((r) => r.schoolId === s.id)?.in ?? 0),
      inclusionBasePupils: pr.count(inclusionBases.find((r) => r.schoolId === s.id)?.n ?? 0),
    };
  });
  const report = {
    meta: metaOf(req, source),
    year10Census: w.year10Census,
    year11Census: w.year11Census,
    schools: rows,
  };
  pr.finish();
  return report;
}

const EPOCH = toDayNumber('2000-01-01');

/** Rule M2 input from the compact "pupil start end dob;…" lines (day numbers from 2000-01-01; end −1 = still on roll). */
function decodeCohort(enc: string | null): CohortCandidate[] {
  const byPupil = new Map<string, { pupilId: string; dateOfBirth: string; spans: RollSpan[] }>();
  for (const line of enc ? enc.split(';') : []) {
    const [pupilId, s, e, dob] = line.split(' ');
    const c = byPupil.get(pupilId!) ?? {
      pupilId: pupilId!,
      dateOfBirth: fromDayNumber(EPOCH + Number(dob)),
      spans: [],
    };
    c.spans.push({
      startDate: fromDayNumber(EPOCH + Number(s)),
      endDate: e === '-1' ? null : fromDayNumber(EPOCH + Number(e)),
    });
    byPupil.set(pupilId!, c);
  }
  return [...byPupil.values()];
}
