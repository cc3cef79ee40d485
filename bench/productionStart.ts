import { readFileSync } from 'node:fs';

/**
 * The node flags production starts a process with: those of package.json's `start:prod` (the API) or
 * `worker:prod` script, which the Dockerfile repeats (tests/unit/productionStart.test.ts), e.g. the V8 heap
 * caps of issue 18 goal 6. Under --tsx none: the sources are not what production runs.
 */
export function productionNodeFlags(script: 'start:prod' | 'worker:prod'): string[] {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = (scripts[script] ?? '').split(/\s+/);
  return words[0] === 'node' ? words.slice(1).filter((w) => w.startsWith('--')) : [];
}
