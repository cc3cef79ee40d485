import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRuleRows, domainReference, renderRules, ROOT } from '../../../scripts/rulesIndex';

// docs/rules.md: one row per rule ID, each pointing at code and tests that exist (issue 17).
const rows = buildRuleRows();

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((e) => {
    const rel = path.join(dir, e);
    return statSync(path.join(ROOT, rel)).isDirectory() ? sources(rel) : rel.endsWith('.ts') ? [rel] : [];
  });
}

describe('the rule index (docs/rules.md)', () => {
  it('is up to date (npm run docs:rules)', () => {
    expect(readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8')).toBe(renderRules(rows));
  });

  it('has one row per rule ID', () => {
    const ids = rows.map((r) => r.rule);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every row points to an exported domain function and to at least one test', () => {
    for (const r of rows) {
      expect(r.implementations.length, r.rule).toBeGreaterThan(0);
      for (const i of r.implementations)
        expect(i.file, `${r.rule}: ${i.name} is exported nowhere in src/domain`).not.toBeNull();
      expect(r.tests, `${r.rule} has no test naming it`).not.toEqual([]);
      expect(r.section, r.rule).toMatch(/§\d/);
    }
  });

  it('every rule the code refuses with, or puts in a domain result, has a row', () => {
    const known = new Set(rows.map((r) => r.rule));
    const used = new Set<string>();
    for (const f of sources('src').filter((f) => !f.startsWith('src/generated/'))) {
      const text = readFileSync(path.join(ROOT, f), 'utf8');
      for (const m of text.matchAll(/ruleBlocked\(\s*'([A-Z][A-Za-z0-9-]*)'/g)) used.add(m[1]!);
      if (f.startsWith('src/domain/'))
        for (const m of text.matchAll(/\brule: '([A-Z][A-Za-z0-9-]*)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((id) => !known.has(id))).toEqual([]);
  });

  it('every section it cites exists in domain.md, and each §9 rule has its row there', () => {
    const domain = domainReference();
    // The shared reference sits next to the checkout in this workspace; a bare clone (CI) checks the rest only.
    if (!domain) return;
    for (const r of rows) {
      for (const [, n] of r.section.matchAll(/§(\d+(?:\.\d+)*)/g))
        expect(domain, `${r.rule}: no section ${n} in domain.md`).toMatch(
          new RegExp(`^#+ ${n!.replace('.', '\\.')}\\b`, 'm'),
        );
      if (r.section.includes('§9')) {
        const base = r.rule.split('-')[0]!;
        expect(domain, `${r.rule}: no row in domain.md's rule tables`).toMatch(new RegExp(`^\\| ${base} \\|`, 'm'));
      }
    }
  });
});
