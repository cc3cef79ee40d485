import type { Role } from '../generated/prisma/enums';

/**
 * What each role sees in the service navigation, and where `/` takes them. The one place a page is
 * offered to a role; whether the role may actually read the data is the GraphQL schema's decision
 * (a page a role cannot use answers 403 from its operations, whatever this list says).
 * To switch to src/access/permissions.ts when it lands: derive `roles` from its table.
 */
export interface NavItem {
  href: string;
  text: string;
  roles: readonly Role[];
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/home', text: 'Home', roles: ['SCHOOL_STAFF', 'PROVIDER_STAFF'] },
  { href: '/pupils', text: 'Find a pupil', roles: ['LA_OFFICER', 'SCHOOL_STAFF', 'PROVIDER_STAFF', 'PANEL_MEMBER'] },
  { href: '/fair-access', text: 'Fair access', roles: ['LA_OFFICER', 'PANEL_MEMBER'] },
  { href: '/dashboard', text: 'Dashboard', roles: ['LA_OFFICER', 'ANALYST'] },
  { href: '/reports', text: 'Reports', roles: ['LA_OFFICER', 'ANALYST'] },
  { href: '/flags', text: 'Flags', roles: ['LA_OFFICER', 'SCHOOL_STAFF', 'PROVIDER_STAFF'] },
  { href: '/providers', text: 'Providers', roles: ['LA_OFFICER', 'SCHOOL_STAFF', 'PROVIDER_STAFF'] },
  { href: '/data-protection/retention', text: 'Retention', roles: ['LA_OFFICER'] },
];

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
  return NAV_ITEMS.filter((i) => i.roles.includes(role)).map((i) => ({
    href: i.href,
    text: i.text,
    active: currentPath === i.href || currentPath.startsWith(`${i.href}/`),
  }));
}
