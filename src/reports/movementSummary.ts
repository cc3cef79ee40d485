import { Prisma } from '../generated/prisma/client';
import { statisticsSettingType } from '../domain/law/statisticsSettingType';
import type { Published } from './suppression';
import { metaOf, type ReportDeps, type ReportMeta, type ReportRequest } from './request';
import { organisationNames, placementFilters, withPupils, type OrganisationNames } from './sql';
import { factsFor, type FactsDb, type FactsQuery, type FactsSource, type FactsSpec } from './rollups/facts';
import type { DateRange } from './rollups/months';
import { ENUM_KEYS, labelFor, YEAR_GROUP_ORDER } from './labels';

export const MOVEMENT_DIMENSIONS = [
  'REASON',
  'LEGAL_BASIS',
  'TIER',
  'DESTINATION',
  'PROVIDER',
  'COMMISSIONING_SCHOOL',
  'YEAR_GROUP',
  'SEN_STATUS',
  'EHCP',
  'LOOKED_AFTER',
  'FSM',
  'SEX',
  'ETHNICITY',
  'SETTING_TYPE',
] as const;
export type MovementDimension = (typeof MOVEMENT_DIMENSIONS)[number];

export interface MovementRow {
  key: string;
  label: string;
  /** Null where the dimension does not apply (destination of an entry). */
  entries: Published | null;
  exits: Published;
}

export interface MovementSummaryReport {
  meta: ReportMeta;
  entries: Published;
  exits: Published;
  transfersIn: Published;
  newToAp: Published;
  pupilsEntering: Published;
  safeguardingSeparations: Published;
  breakdowns: { dimension: MovementDimension; rows: MovementRow[] }[];
}

const COLUMNS = Prisma.raw(
  `p."pupilId", p."previousPlacementId", p.reason, p."legalBasis", p.tier, p."providerId", p."commissioningSchoolId",
   concat_ws(':', CASE WHEN p."providerUrn" IS NOT NULL THEN 'URN' END, CASE WHEN p."providerUkprn" IS NOT NULL THEN 'UKPRN' END, p."settingType") AS identifiers`,
);

// Which dimension each grouping set counts, and its key (null keys get their own label).
const GROUPED: [string, string][] = [
  ['_TRANSFER', `CASE WHEN transfer THEN 'YES' ELSE 'NO' END`],
  ['REASON', 'reason::text'],
  ['LEGAL_BASIS', '"legalBasis"::text'],
  ['TIER', 'tier::text'],
  ['DESTINATION', 'destination::text'],
  ['PROVIDER', '"providerId"::text'],
  ['COMMISSIONING_SCHOOL', `COALESCE("commissioningSchoolId"::text, 'LA')`],
  ['AGE', 'age::text'],
  ['SEN_STATUS', '"senStatus"::text'],
  ['LOOKED_AFTER', `CASE WHEN "lookedAfter" THEN 'YES' ELSE 'NO' END`],
  ['FSM', `CASE WHEN "fsmEligible" THEN 'YES' ELSE 'NO' END`],
  ['SEX', 'sex::text'],
  ['ETHNICITY', `COALESCE(NULLIF(trim("ethnicityCode"), ''), 'NOT_RECORDED')`],
  ['IDENTIFIERS', 'identifiers'],
];
const COLUMN_OF: Record<string, string> = {
  _TRANSFER: 'transfer',
  REASON: 'reason',
  LEGAL_BASIS: '"legalBasis"',
  TIER: 'tier',
  DESTINATION: 'destination',
  PROVIDER: '"providerId"',
  COMMISSIONING_SCHOOL: '"commissioningSchoolId"',
  AGE: 'age',
  SEN_STATUS: '"senStatus"',
  LOOKED_AFTER: '"lookedAfter"',
  FSM: '"fsmEligible"',
  SEX: 'sex',
  ETHNICITY: '"ethnicityCode"',
  IDENTIFIERS: 'identifiers',
};
const DIM_CASE = Prisma.raw(
  `CASE ${GROUPED.map(([d]) => `WHEN GROUPING(${COLUMN_OF[d]}) = 0 THEN '${d}'`).join(' ')} ELSE '_TOTAL' END`,
);
const KEY_CASE = Prisma.raw(
  `CASE ${GROUPED.map(([d, k]) => `WHEN GROUPING(${COLUMN_OF[d]}) = 0 THEN ${k}`).join(' ')} ELSE 'ALL' END`,
);

/** Age on the 31 August before the movement's academic year (domain/academicYear ageOn); year group = age − 4. */
const ageOn = (date: string, dob: string) =>
  Prisma.raw(
    `(date_part('year', ${date})::int - (date_part('month', ${date}) < 9)::int - date_part('year', ${dob})::int - (date_part('month', ${dob}) >= 9)::int)`,
  );

/** Ages become year-group keys, EHCP yes/no comes from the SEN status counts, and keys that map together are added up. */
function normalise(raw: Row[]): Row[] {
  const out = new Map<string, Row>();
  const add = (kind: Row['kind'], dim: string, key: string, n: number) => {
    const id = `${kind}|${dim}|${key}`;
    const seen = out.get(id);
    if (seen) seen.n += n;
    else out.set(id, { kind, dim, key, n });
  };
  for (const r of raw) {
    if (r.dim === 'AGE') {
      const age = Number(r.key);
      add(r.kind, 'YEAR_GROUP', age === 4 ? 'R' : age >= 5 && age <= 17 ? `Y${age - 4}` : 'NOT_SCHOOL_AGE', r.n);
      continue;
    }
    if (r.dim === 'IDENTIFIERS') {
      // Which of URN / UKPRN / census setting type the placement records decides its statistics label (§10.1).
      const parts = r.key.split(':');
      const setting = statisticsSettingType({
        providerUrn: parts.includes('URN') ? 'URN' : null,
        providerUkprn: parts.includes('UKPRN') ? 'UKPRN' : null,
        settingType: parts.find((k) => k !== 'URN' && k !== 'UKPRN') ?? null,
      });
      add(r.kind, 'SETTING_TYPE', setting, r.n);
      continue;
    }
    add(r.kind, r.dim, r.key, r.n);
    if (r.dim === 'SEN_STATUS') add(r.kind, 'EHCP', r.key === 'EHCP' ? 'YES' : 'NO', r.n);
  }
  return [...out.values()];
}

interface Row {
  kind: 'ENTRY' | 'EXIT';
  dim: string;
  key: string;
  n: number;
}

/** What the movement summary is built from: counts per dimension and key, no names (a rollup holds exactly this). */
export interface MovementSummaryFacts {
  rows: Row[];
  pupilsEntering: number;
  /** Safeguarding separations starting in the period (absent in rollups built before they existed). */
  separations?: number;
}

/**
 * Entries (placements starting) and exits (placements ending) in the period, both ends inclusive. Each
 * placement is one movement, so a pupil with two placements counts twice; a transfer between providers
 * is an exit (destination ANOTHER_AP) and an entry (shown again as "transfers in"). Year group and
 * characteristics are the pupil's on the movement date.
 */
export async function movementSummary(deps: ReportDeps, req: ReportRequest): Promise<MovementSummaryReport> {
  const [{ facts, source }, orgs] = await Promise.all([
    factsFor(deps, req, MOVEMENT_SUMMARY_FACTS),
    organisationNames(deps.prisma, req.laId),
  ]);
  return presentMovementSummary(req, facts, orgs, source);
}

export const MOVEMENT_SUMMARY_FACTS: FactsSpec<MovementSummaryFacts> = {
  report: 'MOVEMENT_SUMMARY',
  gather: gatherMovementSummary,
  answersFilter: (f) => !f.providerId && !f.schoolId && !f.phase,
  dependsOnAsOf: false,
  // Every movement is counted on its own date, so counts add up across months; distinct pupils do not.
  monthly: {
    add: addMovementFacts,
    overWhole: async (db, q) => ({ pupilsEntering: await pupilsEntering(db, q) }),
    // Both partial months in one pass: a gather costs several milliseconds whatever its window (planning the
    // grouping sets, the LA's pupils), so two would cost twice that.
    gatherEdges: (db, q, edges) => gatherMovements(db, q, edges, false),
  },
};

/** Two parts of a period added: each (kind, dimension, key) count summed; pupils entering is read for the whole. */
function addMovementFacts(a: MovementSummaryFacts, b: MovementSummaryFacts): MovementSummaryFacts {
  const rows = new Map<string, Row>();
  for (const r of [...a.rows, ...b.rows]) {
    const id = `${r.kind}|${r.dim}|${r.key}`;
    const seen = rows.get(id);
    rows.set(id, seen ? { ...seen, n: seen.n + r.n } : { ...r });
  }
  return {
    rows: [...rows.values()],
    pupilsEntering: 0,
    separations: (a.separations ?? 0) + (b.separations ?? 0),
  };
}

/**
 * Distinct pupils with a placement starting in the period: a pupil entering twice counts once, so this does
 * not add up across months. An index-only range of "Placement_report_start_idx" (pupil ids only), cheap
 * beside the grouped counts it replaces.
 */
async function pupilsEntering(db: FactsDb, q: FactsQuery): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(DISTINCT p."pupilId")::int AS n FROM "Placement" p
     WHERE p."laId" = ${q.laId}::uuid AND p."startDate" BETWEEN ${q.period.from}::date AND ${q.period.to}::date ${placementFilters(q)}`;
  return rows[0]?.n ?? 0;
}

function gatherMovementSummary(db: FactsDb, q: FactsQuery): Promise<MovementSummaryFacts> {
  return gatherMovements(db, q, [q.period], true);
}

/** `column` within one of the date ranges (both ends inclusive). */
const within = (column: string, ranges: readonly DateRange[]) =>
  Prisma.sql`(${Prisma.join(
    ranges.map((r) => Prisma.sql`${Prisma.raw(column)} BETWEEN ${r.from}::date AND ${r.to}::date`),
    ' OR ',
  )})`;

/**
 * The movements dated in any of `ranges` (the period, or the partial months at its ends); distinct pupils
 * entering only when asked, since over two separate ranges they are not the period's.
 */
async function gatherMovements(
  db: FactsDb,
  q: FactsQuery,
  ranges: readonly DateRange[],
  distinctPupils: boolean,
): Promise<MovementSummaryFacts> {
  const f = placementFilters(q);
  // One pass: GROUPING SETS count every dimension at once; characteristics come from withPupils.
  const rowsP = db.$queryRaw<Row[]>`
    WITH m AS (
      SELECT 'ENTRY' AS kind, p."startDate" AS d, NULL::"Destination" AS destination, ${COLUMNS} FROM "Placement" p
       WHERE p."laId" = ${q.laId}::uuid AND ${within('p."startDate"', ranges)} ${f}
      UNION ALL
      SELECT 'EXIT', p."endDate", p.destination, ${COLUMNS} FROM "Placement" p
       WHERE p."laId" = ${q.laId}::uuid AND ${within('p."endDate"', ranges)} ${f}
    ), x AS (
      SELECT kind, destination, reason, "legalBasis", tier, "providerId", "commissioningSchoolId", "previousPlacementId" IS NOT NULL AS transfer, identifiers,
             "senStatus", "lookedAfter", "fsmEligible", sex, "ethnicityCode", ${ageOn('d', '"dateOfBirth"')} AS age
        FROM ${withPupils(q.laId, Prisma.sql`SELECT * FROM m`, Prisma.sql`src.d`)} mp
    )
    SELECT kind, ${DIM_CASE} AS dim, ${KEY_CASE} AS key, count(*)::int AS n
      FROM x
     GROUP BY GROUPING SETS ((kind), (kind, transfer), (kind, reason), (kind, "legalBasis"), (kind, tier), (kind, destination),
       (kind, "providerId"), (kind, "commissioningSchoolId"), (kind, age), (kind, "senStatus"), (kind, "lookedAfter"),
       (kind, "fsmEligible"), (kind, sex), (kind, "ethnicityCode"), (kind, identifiers))`;
  const pupilsP = distinctPupils ? pupilsEntering(db, q) : Promise.resolve(0);
  // Separations are a school's act, not a placement: school and phase filters apply; a provider has none.
  const { providerId, schoolId, phase } = q.filter;
  const separationsP = providerId
    ? Promise.resolve([{ n: 0 }])
    : db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM "SafeguardingSeparation" g JOIN "School" s ON s."id" = g."schoolId"
         WHERE s."laId" = ${q.laId}::uuid AND ${within('g."startDate"', ranges)}
           AND (${schoolId ?? null}::uuid IS NULL OR g."schoolId" = ${schoolId ?? null}::uuid)
           AND (${phase ?? null}::text IS NULL OR s."phase"::text = ${phase ?? null}::text)`;
  const [raw, pupils, separations] = await Promise.all([rowsP, pupilsP, separationsP]);
  return { rows: normalise(raw), pupilsEntering: pupils, separations: separations[0]?.n ?? 0 };
}

function presentMovementSummary(
  req: ReportRequest,
  facts: MovementSummaryFacts,
  orgs: OrganisationNames,
  source: FactsSource,
): MovementSummaryReport {
  const { rows } = facts;
  const n = (kind: Row['kind'], dim: string, key: string) =>
    rows.find((r) => r.kind === kind && r.dim === dim && r.key === key)?.n ?? 0;
  const pr = req.presenter;
  const entries = pr.count(n('ENTRY', '_TOTAL', 'ALL'));
  const exits = pr.count(n('EXIT', '_TOTAL', 'ALL'));
  const transfersIn = pr.count(n('ENTRY', '_TRANSFER', 'YES'));
  const newToAp = pr.count(n('ENTRY', '_TRANSFER', 'NO'));
  pr.sums(entries, [transfersIn, newToAp]);

  const names = new Map([...orgs.providerNames, ...orgs.schoolNames]);
  const breakdowns = MOVEMENT_DIMENSIONS.map((dimension) => {
    const rowsOut = keysFor(dimension, rows, names).map((key) => ({
      key,
      label: labelFor(key, names),
      entries: dimension === 'DESTINATION' ? null : pr.count(n('ENTRY', dimension, key)),
      exits: pr.count(n('EXIT', dimension, key)),
    }));
    if (dimension !== 'DESTINATION')
      pr.sums(
        entries,
        rowsOut.map((r) => r.entries as Published),
      );
    pr.sums(
      exits,
      rowsOut.map((r) => r.exits),
    );
    return { dimension, rows: rowsOut };
  });
  const pupilsEntering = pr.count(facts.pupilsEntering);
  const safeguardingSeparations = pr.count(facts.separations ?? 0);
  const report = {
    meta: metaOf(req, source),
    entries,
    exits,
    transfersIn,
    newToAp,
    pupilsEntering,
    safeguardingSeparations,
    breakdowns,
  };
  pr.finish();
  return report;
}

/** Every value of an enum dimension (zeros included); observed values otherwise, in a stable order. */
function keysFor(dimension: MovementDimension, rows: Row[], names: ReadonlyMap<string, string>): string[] {
  if (dimension in ENUM_KEYS) return [...ENUM_KEYS[dimension as keyof typeof ENUM_KEYS]];
  const seen = [...new Set(rows.filter((r) => r.dim === dimension).map((r) => r.key))];
  if (dimension === 'YEAR_GROUP') return YEAR_GROUP_ORDER.filter((k) => seen.includes(k));
  return seen.sort((a, b) =>
    a === 'LA' ? -1 : b === 'LA' ? 1 : labelFor(a, names).localeCompare(labelFor(b, names)) || a.localeCompare(b),
  );
}
