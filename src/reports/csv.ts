import { stringify } from 'csv-stringify/sync';
import type { Published } from './suppression';
import type { ReportMeta, ReportName } from './request';
import type { MovementSummaryReport } from './movementSummary';
import type { ApPopulationReport } from './apPopulation';
import type { StayLengthReport, StayStats } from './stayLengths';
import type { ReintegrationReport, ReintegrationRow } from './reintegration';
import type { SchoolProfileReport } from './schoolProfile';
import type { ProviderScorecardReport } from './providerScorecard';
import type { FairAccessReport } from './fairAccess';
import type { MovementTrendReport } from './movementTrend';

/**
 * CSV export: every report flattened to one long table, written from the very object the GraphQL query
 * returns, so the file always equals the query. Columns: section, key, label, measure, value, status.
 * A suppressed figure is written as "c" with status "suppressed" (the DfE convention); a figure that
 * does not exist (no data yet, nothing to divide by, not applicable) is empty with its status.
 */
export const CSV_COLUMNS = ['section', 'key', 'label', 'measure', 'value', 'status'] as const;
type Line = [section: string, key: string, label: string, measure: string, value: string, status: string];

/** Names typed by users must not run as spreadsheet formulas when the file is opened (CSV injection). */
const safe = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const figure = (p: Published | null): [string, string] =>
  p === null
    ? ['', 'not applicable']
    : p.suppressed
      ? ['c', 'suppressed']
      : p.value === null
        ? ['', 'no value']
        : [String(p.value), ''];

class Lines {
  readonly rows: Line[] = [];
  add(section: string, key: string, label: string, measure: string, p: Published | null): void {
    this.rows.push([section, safe(key), safe(label), measure, ...figure(p)]);
  }
  text(section: string, key: string, measure: string, value: string, status = ''): void {
    this.rows.push([section, key, '', measure, safe(value), status]);
  }
  stats(section: string, key: string, label: string, prefix: string, s: StayStats): void {
    for (const m of ['stays', 'median', 'p75', 'p90', 'max'] as const)
      this.add(section, key, label, `${prefix}${m}`, s[m]);
  }
  reint(section: string, r: ReintegrationRow): void {
    for (const m of ['attempted', 'sustained', 'brokenDown', 'pending', 'rate'] as const)
      this.add(section, r.key, r.label, m, r[m]);
  }
}

function meta(l: Lines, m: ReportMeta): void {
  l.text('meta', 'report', 'value', m.report);
  if (m.localMeasure) l.text('meta', 'measures', 'status', m.localMeasure);
  l.text('meta', 'period', 'from', m.period.from);
  l.text('meta', 'period', 'to', m.period.to);
  l.text('meta', 'period', 'label', m.period.label);
  for (const [k, v] of Object.entries(m.filter)) l.text('meta', 'filter', k, v ?? '');
  l.text('meta', 'suppression', 'applied', String(m.suppressed));
  l.text('meta', 'suppression', 'threshold', String(m.suppressionThreshold));
  l.text('meta', 'calendar', 'source', m.calendarSource);
  l.text('meta', 'generated', 'at', m.generatedAt.toISOString());
  l.text('meta', 'figures', 'source', m.source);
  if (m.rollupRefreshedAt) l.text('meta', 'figures', 'rollup refreshed at', m.rollupRefreshedAt.toISOString());
}

// Each entry narrows its own report type; the table is keyed by name, so the argument is the union's widest form.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const FLATTEN: Record<ReportName, (l: Lines, r: any) => void> = {
  MOVEMENT_SUMMARY: (l, r: MovementSummaryReport) => {
    for (const m of [
      'entries',
      'exits',
      'transfersIn',
      'newToAp',
      'pupilsEntering',
      'safeguardingSeparations',
    ] as const)
      l.add('totals', 'ALL', 'All movements', m, r[m]);
    for (const b of r.breakdowns)
      for (const row of b.rows) {
        l.add(b.dimension, row.key, row.label, 'entries', row.entries);
        l.add(b.dimension, row.key, row.label, 'exits', row.exits);
      }
  },
  AP_POPULATION: (l, r: ApPopulationReport) => {
    l.add('totals', 'ALL', 'All placements', 'placements', r.placements);
    l.add('totals', 'ALL', 'All placements', 'pupils', r.pupils);
    for (const [section, rows] of [
      ['provider', r.byProvider],
      ['tier', r.byTier],
      ['registration', r.byRegistration],
      ['providerKind', r.byProviderKind],
    ] as const)
      for (const row of rows) {
        l.add(section, row.key, row.label, 'placements', row.placements);
        l.add(section, row.key, row.label, 'pupils', row.pupils);
      }
    for (const m of ['placements', 'pupils', 'fullTimePupils', 'partTimePupils'] as const)
      l.add('unregistered', 'UNREGISTERED', 'Unregistered AP', m, r.unregistered[m]);
  },
  STAY_LENGTHS: (l, r: StayLengthReport) => {
    for (const row of r.rows) {
      l.stats(row.group, row.key, row.label, 'closed.', row.closed);
      l.stats(row.group, row.key, row.label, 'open.', row.open);
    }
  },
  REINTEGRATION: (l, r: ReintegrationReport) => {
    l.reint('total', r.total);
    for (const row of r.byProvider) l.reint('provider', row);
    for (const row of r.byReceivingSchool) l.reint('receivingSchool', row);
  },
  SCHOOL_MOVEMENT_PROFILE: (l, r: SchoolProfileReport) => {
    l.text('census', 'M2', 'year10Census', r.year10Census);
    l.text('census', 'M2', 'year11Census', r.year11Census);
    for (const s of r.schools) {
      const add = (measure: string, p: Published) => l.add('school', s.schoolId, s.name, measure, p);
      l.add('school', s.schoolId, s.name, 'numberOnRoll', { value: s.numberOnRoll, suppressed: false });
      for (const m of [
        'pupilsMovedToAp',
        'movedPer100OnRoll',
        'permanentExclusions',
        'offSiteDirections',
        'pupilsOnRollInPeriod',
        'unexplainedExitCandidates',
        'year10Cohort',
        'year11RollLosses',
        'year11RollLossRate',
        'managedMovesOut',
        'managedMovesIn',
        'inclusionBasePupils',
      ] as const)
        add(m, s[m]);
      for (const c of s.unexplainedExitsByCategory) add(`unexplainedExits.${c.category}`, c.count);
      for (const d of s.disproportionality)
        for (const m of ['movedWith', 'movedShare', 'rollWith', 'rollShare', 'ratio'] as const)
          add(`${d.characteristic}.${m}`, d[m]);
    }
  },
  PROVIDER_SCORECARD: (l, r: ProviderScorecardReport) => {
    for (const p of r.providers) {
      const add = (measure: string, v: Published) => l.add('provider', p.providerId, p.name, measure, v);
      add('placementsStarted', p.placementsStarted);
      add('outreachEpisodes', p.outreachEpisodes);
      for (const m of ['attempted', 'sustained', 'brokenDown', 'pending', 'rate'] as const)
        add(`reintegration.${m}`, p.reintegration[m]);
      for (const m of ['leavers', 'eet', 'neet', 'eetRate'] as const) add(`post16.${m}`, p.post16[m]);
      for (const t of p.stayLengths) {
        l.stats('provider', p.providerId, p.name, `stay.${t.tier}.`, t.closed);
        add(`stay.${t.tier}.overPlannedEnd`, t.overPlannedEnd);
      }
      for (const m of ['due', 'onTime', 'late', 'onTimeRate'] as const) add(`reviews.${m}`, p.reviews[m]);
      for (const x of p.openFlags) add(`openFlags.${x.severity}`, x.count);
      add('openFlags.total', p.openFlagsTotal);
      for (const m of ['attendance', 'attainment'] as const)
        l.rows.push([
          'provider',
          p.providerId,
          safe(p.name),
          m,
          '',
          p[m].status === 'NO_DATA_YET' ? 'no data yet' : '',
        ]);
    }
  },
  FAIR_ACCESS: (l, r: FairAccessReport) => {
    for (const m of [
      'referrals',
      'agreedToConsider',
      'placed',
      'placedWithinTarget',
      'withinTargetRate',
      'refusals',
      'refusalsOnForbiddenGrounds',
      'directionsRequested',
      'directed',
    ] as const)
      l.add('totals', 'ALL', 'All referrals', m, r[m]);
    l.stats('timeToPlace', 'ALL', 'School days from agreed to consider to allocation', '', r.timeToPlace);
    l.stats('timeToAdmit', 'ALL', 'School days from referral to admission', '', r.timeToAdmit);
    for (const o of r.outcomes) l.add('outcome', o.key, o.label, 'referrals', o.count);
    for (const s of r.schools)
      for (const m of [
        'admissions',
        'admissionShare',
        'fairShare',
        'ratioToFairShare',
        'refusals',
        'directionsRequested',
        'directed',
      ] as const)
        l.add('school', s.schoolId, s.name, m, s[m]);
  },
  MOVEMENT_TREND: (l, r: MovementTrendReport) => {
    for (const m of r.months) {
      const key = `${m.from}..${m.to}`;
      l.add('month', key, m.label, 'entries', m.entries);
      l.add('month', key, m.label, 'exits', m.exits);
      l.add('month', key, m.label, 'pupilsInAp', m.pupilsInAp);
      for (const x of m.entriesByReason)
        l.add('month by reason', `${key} ${x.key}`, `${m.label}: ${x.label}`, 'entries', x.entries);
    }
  },
};

export function toCsv(report: ReportName, r: { meta: ReportMeta }): { csv: string; rows: number } {
  const l = new Lines();
  meta(l, r.meta);
  FLATTEN[report](l, r);
  return { csv: stringify([[...CSV_COLUMNS], ...l.rows]), rows: l.rows.length };
}
