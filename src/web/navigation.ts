import type { Role } from '../generated/prisma/enums';

import { conditionFor, type Action, type Condition } from '../access/permissions';

/**
 * What each role sees in the service navigation, and where `/` takes them. Who sees an item is read from
 * the one permission table (src/access/permissions.ts): an item names the action its page is built on
 * and, where only some of that action's conditions make the page useful, which ones. Whether the role
 * may read a given record is still the GraphQL schema's decision, record by record.
 */
export interface NavItem {
  href: string;
  text: string;
  action: Action;
  /** The conditions that open the page; absent = any condition the table grants for the action. */
  conditions?: readonly Condition[];
}

export const NAV_ITEMS: readonly NavItem[] = [
  // The home page lists the caller's own organisation's placements: schools and providers only.
  {
    href: '/home',
    text: 'Home',
    action: 'placement.read',
    conditions: ['PLACEMENT_OF_SCHOOL', 'PLACEMENT_AT_PROVIDER'],
  },
  { href: '/pupils', text: 'Find a pupil', action: 'pupil.read' },
  { href: '/fair-access', text: 'Fair access', action: 'meeting.read' },
  // LA-wide statistics (exact or suppressed); a school's or provider's own report is reached from its home.
  {
    href: '/dashboard',
    text: 'Dashboard',
    action: 'report.run',
    conditions: ['EXACT_AGGREGATES', 'SUPPRESSED_AGGREGATES'],
  },
  {
    href: '/reports',
    text: 'Reports',
    action: 'report.run',
    conditions: ['EXACT_AGGREGATES', 'SUPPRESSED_AGGREGATES'],
  },
  // The panel reads fair access flags on its agenda (the workspace), not in an inbox of its own.
  {
    href: '/flags',
    text: 'Flags',
    action: 'flag.read',
    conditions: ['FLAG_OF_LA', 'FLAG_OF_SCHOOL', 'FLAG_OF_PROVIDER'],
  },
  // The register shows pupils on roll at each provider, which only roles that read placements are told.
  { href: '/providers', text: 'Providers', action: 'placement.read' },
  // Retention review: LA officers approve anonymising records past the schedule (docs/data-protection.md).
  { href: '/data-protection/retention', text: 'Retention', action: 'pupil.retentionReview' },
  // Data the LA owes out: the Children Not in School register (docs/exports.md).
  { href: '/exports', text: 'Exports', action: 'export.cnis' },
  // Placement files from the LA's own sheets (docs/import.md).
  { href: '/imports/placements', text: 'Imports', action: 'import.placements' },
];

/** True when the permission table opens the item's page to the role. */
export function offers(item: NavItem, role: Role): boolean {
  const c = conditionFor({ role }, item.action);
  return c !== null && (!item.conditions || item.conditions.includes(c));
}

export const ROLE_LABELS: Record<Role, string> = {
  LA_OFFICER: 'LA officer',
  PANEL_MEMBER: 'Fair access panel member',
  SCHOOL_STAFF: 'School staff',
  PROVIDER_STAFF: 'Provider staff',
  ANALYST: 'Analyst',
};

const LANDING: Record<Role, string> = {
  LA_OFFICER: '/dashboard',
  ANALYST: '/dashboard',
  PANEL_MEMBER: '/fair-access',
  SCHOOL_STAFF: '/home',
  PROVIDER_STAFF: '/home',
};

export function landingPage(role: Role): string {
  return LANDING[role];
}

export function navigationFor(role: Role, currentPath: string): { href: string; text: string; active: boolean }[] {
  return NAV_ITEMS.filter((i) => offers(i, role)).map((i) => ({
    href: i.href,
    text: i.text,
    active: currentPath === i.href || currentPath.startsWith(`${i.href}/`),
  }));
}
