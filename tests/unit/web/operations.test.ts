import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kind, NoUnusedFragmentsRule, parse, specifiedRules, validate } from 'graphql';
import { buildSchema } from '../../../src/graphql/buildSchema';
import { readOperationFile } from '../../../src/web/operationFile';

const WEB = join(process.cwd(), 'src', 'web');

function graphqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? graphqlFiles(join(dir, e.name)) : e.name.endsWith('.graphql') ? [join(dir, e.name)] : [],
  );
}

/** Pages take their data only through GraphQL operations kept beside their routes: each must be valid against the schema. */
describe('web page operations', () => {
  const schema = buildSchema();
  const files = graphqlFiles(WEB);

  it('finds the pages’ operation files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('reads a page’s file with the fragment files it imports, and only the fragments an operation uses', () => {
    const reports = readOperationFile(join(WEB, 'routes', 'reports', 'reports.graphql'));
    const names = reports.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.name.value] : []));
    expect(names.filter((n) => n === 'ScorecardRow')).toEqual(['ScorecardRow']);
    expect(() => readOperationFile(join(WEB, 'routes', 'providers', 'providers.graphql'))).not.toThrow();
  });

  it.each(files.map((f) => [relative(process.cwd(), f), f]))(
    '%s is valid against the schema, with named operations only',
    (_name, file) => {
      const doc = readOperationFile(file);
      // A file of shared fragments (src/web/fragments) has no operation to use them: every other rule applies.
      const own = parse(readFileSync(file, 'utf8'));
      const fragmentsOnly = !own.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION);
      const rules = fragmentsOnly ? specifiedRules.filter((r) => r !== NoUnusedFragmentsRule) : specifiedRules;
      expect(validate(schema, doc, rules).map((e) => e.message)).toEqual([]);
      for (const d of doc.definitions) if (d.kind === Kind.OPERATION_DEFINITION) expect(d.name?.value).toBeTruthy();
    },
  );
});
