import { readFileSync } from 'node:fs';

/**
 * Reads a README walkthrough: the fenced ```graphql blocks between the start and end markers, each
 * followed optionally by a ```json block of variables. Comment lines in a graphql block:
 *   # as: ROLE             whose token runs it
 *   # save: NAME = a.b.c   keep a value from the answer for later "$NAME" references
 *   # expect: a.b = VALUE  assert a value (`.length` counts a list)
 */
export interface WalkthroughStep {
  role: string;
  query: string;
  variables: string | null;
  saves: { name: string; path: string }[];
  expects: { path: string; value: string }[];
}

export function readWalkthrough(file: string, name = 'walkthrough'): WalkthroughStep[] {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(`<!-- ${name}:start -->`);
  const end = text.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) throw new Error(`${file} has no ${name} section`);
  const blocks = [...text.slice(start, end).matchAll(/```(graphql|json)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1]!,
    body: m[2]!,
  }));
  const steps: WalkthroughStep[] = [];
  for (const b of blocks) {
    if (b.lang === 'json') {
      const last = steps.at(-1);
      if (!last || last.variables !== null) throw new Error('a json block must follow a graphql block');
      last.variables = b.body;
      continue;
    }
    const lines = b.body.split('\n');
    const meta = (key: string) =>
      lines.filter((l) => l.startsWith(`# ${key}:`)).map((l) => l.slice(key.length + 3).trim());
    const role = meta('as')[0];
    if (!role) throw new Error(`a walkthrough step has no "# as:" line:\n${b.body}`);
    steps.push({
      role,
      query: lines.filter((l) => !l.startsWith('#')).join('\n'),
      variables: null,
      saves: meta('save').map((s) => {
        const [n, p] = s.split('=').map((x) => x.trim());
        return { name: n!, path: p! };
      }),
      expects: meta('expect').map((s) => {
        const [p, v] = s.split('=').map((x) => x.trim());
        return { path: p!, value: v! };
      }),
    });
  }
  return steps;
}

export function pick(data: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => {
    if (v === null || v === undefined) return undefined;
    if (key === 'length' && Array.isArray(v)) return v.length;
    return (v as Record<string, unknown>)[/^\d+$/.test(key) ? Number(key) : key];
  }, data);
}

export function substitute(json: string, saved: Record<string, string>): Record<string, unknown> {
  const replaced = json.replace(/"\$([A-Z_]+)"/g, (_m, name: string) => {
    if (!(name in saved)) throw new Error(`walkthrough uses $${name} before saving it`);
    return JSON.stringify(saved[name]);
  });
  return JSON.parse(replaced) as Record<string, unknown>;
}
