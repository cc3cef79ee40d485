import type { DocumentNode } from 'graphql';
import { loadOperations } from '../../graphqlClient';
import type { FilterField } from './filters';
import type { Section } from './views/sections';
import { movementSummarySections, type MovementSummaryData } from './views/movementSummary';
import { apPopulationSections, type ApPopulationData } from './views/apPopulation';
import { stayLengthSections, type StayLengthData } from './views/stayLengths';
import { reintegrationSections, type ReintegrationData } from './views/reintegration';
import { schoolProfileSections, type SchoolProfileData } from './views/schoolProfile';
import { providerScorecardSections, type ScorecardData } from './views/providerScorecard';
import { fairAccessSections, type FairAccessData } from './views/fairAccess';

export const operations = loadOperations(import.meta.url, './reports.graphql', [
  'MovementSummaryReport',
  'ApPopulationReport',
  'StayLengthReport',
  'ReintegrationReport',
  'SchoolMovementProfileReport',
  'ProviderScorecardReport',
  'FairAccessReport',
  'ReportCsvDownload',
] as const);

/** The GraphQL report name (ReportName) each page shows. */
export type ReportName =
  | 'MOVEMENT_SUMMARY'
  | 'AP_POPULATION'
  | 'STAY_LENGTHS'
  | 'REINTEGRATION'
  | 'SCHOOL_MOVEMENT_PROFILE'
  | 'PROVIDER_SCORECARD'
  | 'FAIR_ACCESS';

export interface ReportPage {
  slug: string;
  report: ReportName;
  title: string;
  summary: string;
  /** AP population is on a date; the others over a period. */
  onDate: boolean;
  filters: readonly FilterField[];
  operation: DocumentNode;
  /** The top-level field of the answer, for its meta. */
  field: string;
  sections(data: never): Promise<Section[]>;
}

export const REPORT_PAGES: readonly ReportPage[] = [
  {
    slug: 'movement-summary',
    report: 'MOVEMENT_SUMMARY',
    title: 'Movement summary',
    field: 'movementSummary',
    summary:
      'Entries into and exits from AP, by reason, legal basis, tier, destination, provider, school, year group and characteristic.',
    onDate: false,
    filters: ['school', 'provider', 'phase'],
    operation: operations.MovementSummaryReport,
    sections: (d: MovementSummaryData) => movementSummarySections(d),
  },
  {
    slug: 'ap-population',
    report: 'AP_POPULATION',
    title: 'AP population on a date',
    field: 'apPopulation',
    summary:
      'Who is in AP on a day: by provider, tier, registration and provider kind, with full- and part-time use of unregistered providers.',
    onDate: true,
    filters: ['school', 'provider', 'phase'],
    operation: operations.ApPopulationReport,
    sections: (d: ApPopulationData) => apPopulationSections(d),
  },
  {
    slug: 'stay-lengths',
    report: 'STAY_LENGTHS',
    title: 'Stay lengths',
    field: 'stayLengthReport',
    summary:
      'How long placements last in school days (median, 75th and 90th percentiles, longest), closed and open stays apart.',
    onDate: false,
    filters: ['school', 'provider', 'phase'],
    operation: operations.StayLengthReport,
    sections: (d: StayLengthData) => stayLengthSections(d),
  },
  {
    slug: 'reintegration',
    report: 'REINTEGRATION',
    title: 'Reintegration',
    field: 'reintegrationReport',
    summary:
      'Returns to mainstream: sustained, broken down and pending, by the provider left and the receiving school.',
    onDate: false,
    filters: ['school', 'provider'],
    operation: operations.ReintegrationReport,
    sections: (d: ReintegrationData) => reintegrationSections(d),
  },
  {
    slug: 'school-movement-profile',
    report: 'SCHOOL_MOVEMENT_PROFILE',
    title: 'School movement profile',
    field: 'schoolMovementProfile',
    summary:
      'Per school: moves into AP per 100 on roll, exclusions, off-site directions, disproportionality, unexplained exits (M1) and Year 11 roll losses (M2).',
    onDate: false,
    filters: ['school', 'phase'],
    operation: operations.SchoolMovementProfileReport,
    sections: (d: SchoolProfileData) => schoolProfileSections(d),
  },
  {
    slug: 'provider-scorecard',
    report: 'PROVIDER_SCORECARD',
    title: 'Provider scorecard',
    field: 'providerScorecard',
    summary:
      'Per provider, against the AP performance framework: placements, reintegration, post-16 destinations, stays against tier, reviews on time and open flags.',
    onDate: false,
    filters: ['provider'],
    operation: operations.ProviderScorecardReport,
    sections: (d: ScorecardData) => providerScorecardSections(d),
  },
  {
    slug: 'fair-access',
    report: 'FAIR_ACCESS',
    title: 'Fair access',
    field: 'fairAccessReport',
    summary:
      'Referrals and their outcomes, time to place against the 20-school-day target, each school’s share against its fair share, refusals and directions.',
    onDate: false,
    filters: ['school', 'phase'],
    operation: operations.FairAccessReport,
    sections: (d: FairAccessData) => fairAccessSections(d),
  },
] as ReportPage[];
