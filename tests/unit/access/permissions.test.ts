import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GraphQLObjectType } from 'graphql';
import {
  CONDITIONS,
  FIELD_ACTIONS,
  PERMISSIONS,
  ROLES,
  conditionFor,
  type Action,
  type Condition,
} from '../../../src/access/permissions';
import { FILTERS } from '../../../src/access/scope';
import { permissionsMarkdown, rolesAndScopeTable } from '../../../src/access/permissionsDoc';
import { placementAccessFrom } from '../../../src/access/window';
import { buildSchema } from '../../../src/graphql/buildSchema';
import { loadBankHolidays, parseSheffieldTermDatesJson, SchoolCalendar } from '../../../src/domain/calendar';

const actions = Object.keys(PERMISSIONS) as Action[];

describe('the permission table', () => {
  it('docs/permissions.md is generated from it (run npm run docs:permissions after changing the table)', () => {
    expect(readFileSync('docs/permissions.md', 'utf8')).toBe(permissionsMarkdown());
  });

  it("the README's Roles and scope table is generated from it", () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /<!-- roles:start -->\n([\s\S]*?)\n<!-- roles:end -->/.exec(readme);
    expect(block?.[1]).toBe(rolesAndScopeTable());
  });

  it('names an action for every Query and Mutation field of the schema, and no field that is not there', () => {
    const schema = buildSchema();
    for (const type of ['Query', 'Mutation'] as const) {
      const fields = Object.keys((schema.getType(type) as GraphQLObjectType).getFields()).sort();
      expect(Object.keys(FIELD_ACTIONS[type]).sort(), type).toEqual(fields);
    }
  });

  it('every grant has a record-level filter for its subject, and every condition is used', () => {
    const eventConditions: Condition[] = [
      'EVENTS_ALL',
      'EVENTS_OF_OWN_PLACEMENTS',
      'EVENTS_OF_FAIR_ACCESS',
      'CORRECT_EVENT_OF_LA',
      'CORRECT_EVENT_OF_SCHOOL',
      'CORRECT_EVENT_OF_PROVIDER',
    ];
    const pupilWrites: Condition[] = [
      'COMMISSION_FOR_LA',
      'COMMISSION_BY_OWN_SCHOOL',
      'ENTRY_AT_OWN_PROVIDER',
      'EXCLUDE_FROM_LA_SCHOOL',
      'EXCLUDE_FROM_OWN_SCHOOL',
      'NEW_PUPIL_FOR_LA',
      'NEW_PUPIL_ON_OWN_ROLL',
    ];
    const used = new Set<Condition>();
    for (const a of actions)
      for (const r of ROLES) {
        const c = conditionFor({ role: r }, a);
        if (!c) continue;
        used.add(c);
        const subject = CONDITIONS[c].subject;
        const filtered =
          subject in FILTERS
            ? Boolean((FILTERS as Record<string, Partial<Record<Condition, unknown>>>)[subject]![c]) ||
              pupilWrites.includes(c)
            : subject === 'timelineEvent'
              ? eventConditions.includes(c)
              : ['aggregate', 'reference', 'localAuthority'].includes(subject);
        expect(filtered, `${a} ${r} ${c}`).toBe(true);
      }
    expect(Object.keys(CONDITIONS).filter((c) => !used.has(c as Condition))).toEqual([]);
  });

  it('analysts are granted aggregates and directory data only, never an individual record', () => {
    for (const a of actions) {
      const c = conditionFor({ role: 'ANALYST' }, a);
      if (c) expect(['aggregate', 'organisation', 'reference'], `${a} ${c}`).toContain(CONDITIONS[c].subject);
    }
  });

  it('no role is checked outside src/access (the table is the only place)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) {
          // Generated client; demo data looks demo users up by role name (not an access check).
          if (!['access', 'generated', 'demo'].includes(name)) walk(p);
        } else if (p.endsWith('.ts')) {
          readFileSync(p, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              // A role compared with a role name, a role list or a switch on the role is an access decision.
              if (
                /\.role\s*[!=]==?\s*'[A-Z_]+'|'[A-Z_]+'\s*[!=]==?\s*\w+\.role|\.includes\(\w+\.role\)|requireRole\(|switch \(\w+\.role\)/.test(
                  line,
                )
              )
                offenders.push(`${p}:${i + 1}`);
            });
        }
      }
    };
    walk('src');
    expect(offenders).toEqual([]);
  });
});

describe('the provider access window', () => {
  const terms = parseSheffieldTermDatesJson(
    JSON.parse(readFileSync('data/reference/sheffield_la_term_dates_2025_2028.json', 'utf8')),
  );
  const cal = new SchoolCalendar(loadBankHolidays(), terms);
  const dayBefore = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

  it.each([
    ['2026-12-05', 130],
    ['2027-06-15', 130],
    ['2027-01-04', 30],
    ['2026-09-01', 0],
  ])('as of %s with %i school days: the earliest end date still inside the window', (today, days) => {
    const from = placementAccessFrom(cal, today, days);
    expect(cal.schoolDaysElapsedSince(from, today)).toBeLessThanOrEqual(days);
    expect(cal.schoolDaysElapsedSince(dayBefore(from), today)).toBeGreaterThan(days);
  });
});
