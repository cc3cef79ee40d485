import { describe, expect, it } from 'vitest';
import { landingPage, navigationFor, NAV_ITEMS } from '../../../src/web/navigation';
import { PERMISSIONS } from '../../../src/access/permissions';

const texts = (role: Parameters<typeof navigationFor>[0]) => navigationFor(role, '/').map((i) => i.text);

describe('navigation from the permission table', () => {
  it('offers each role the pages its grants open, and nothing else', () => {
    expect(texts('LA_OFFICER')).toEqual([
      'Find a pupil',
      'Fair access',
      'Dashboard',
      'Reports',
      'Flags',
      'Providers',
      'Retention',
      'Exports',
      'Imports',
    ]);
    expect(texts('ANALYST')).toEqual(['Dashboard', 'Reports']);
    expect(texts('PANEL_MEMBER')).toEqual(['Find a pupil', 'Fair access']);
    expect(texts('SCHOOL_STAFF')).toEqual(['Home', 'Find a pupil', 'Flags', 'Providers']);
    expect(texts('PROVIDER_STAFF')).toEqual(['Home', 'Find a pupil', 'Flags', 'Providers']);
  });

  it('names only actions and conditions the table has, each condition granted to some role for that action', () => {
    for (const item of NAV_ITEMS) {
      const granted = Object.values(PERMISSIONS[item.action].roles);
      for (const c of item.conditions ?? []) expect(granted, `${item.href} ${c}`).toContain(c);
    }
  });

  it('lands every role on a page its navigation offers', () => {
    for (const role of ['LA_OFFICER', 'ANALYST', 'PANEL_MEMBER', 'SCHOOL_STAFF', 'PROVIDER_STAFF'] as const)
      expect(navigationFor(role, '/').map((i) => i.href)).toContain(landingPage(role));
  });

  it('marks the current page and its sub-pages active', () => {
    const nav = navigationFor('LA_OFFICER', '/pupils/123');
    expect(nav.filter((i) => i.active).map((i) => i.href)).toEqual(['/pupils']);
  });
});
