import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse, type DocumentNode } from 'graphql';

// `# import "<relative path>.graphql"`: the graphql-import convention (a comment, so the file stays valid
// GraphQL for editors and the schema check). Fragments used by more than one page live in src/web/fragments.
const IMPORT = /^#\s*import\s+"([^"]+)"\s*$/gm;

/** An operations file's text with the fragment files it imports (and theirs), each read once. */
function withImports(path: string, seen: Set<string>): string {
  if (seen.has(path)) return '';
  seen.add(path);
  const text = readFileSync(path, 'utf8');
  const imported = [...text.matchAll(IMPORT)].map((m) => withImports(resolve(dirname(path), m[1]!), seen));
  return [text, ...imported].join('\n');
}

/** One page's `.graphql` file parsed with the fragments it imports. */
export const readOperationFile = (path: string): DocumentNode => parse(withImports(resolve(path), new Set()));
