import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kind, parse, validate } from 'graphql';
import { buildSchema } from '../../../src/graphql/buildSchema';

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

  it.each(files.map((f) => [relative(process.cwd(), f), f]))(
    '%s is valid against the schema, with named operations only',
    (_name, file) => {
      const doc = parse(readFileSync(file, 'utf8'));
      expect(validate(schema, doc).map((e) => e.message)).toEqual([]);
      for (const d of doc.definitions) if (d.kind === Kind.OPERATION_DEFINITION) expect(d.name?.value).toBeTruthy();
    },
  );
});
