import { readFileSync } from 'node:fs';

/** package.json's production starts: the API, the workers but imports, the import worker. */
export const PRODUCTION_SCRIPTS = ['start:prod', 'worker:prod', 'worker:imports:prod'] as const;
export type ProductionScript = (typeof PRODUCTION_SCRIPTS)[number];

/**
 * How package.json's script starts a production process, which the Dockerfile and docker-compose.yml repeat
 * (tests/unit/productionStart.test.ts): the settings it gives (`WORKER_QUEUES=...` before `node`), the node flags
 * (the V8 heap caps of issue 18 goal 6) and the entry point. bench:write starts its processes the same way.
 */
export function productionStart(script: ProductionScript): {
  env: Record<string, string>;
  nodeFlags: string[];
  entry: string;
} {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = (scripts[script] ?? '').split(/\s+/).filter(Boolean);
  const env: Record<string, string> = {};
  while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  if (words[0] !== 'node') return { env, nodeFlags: [], entry: '' };
  const rest = words.slice(1);
  return { env, nodeFlags: rest.filter((w) => w.startsWith('--')), entry: rest.find((w) => !w.startsWith('--')) ?? '' };
}

/** The node flags production starts a process with (under --tsx none: the sources are not what production runs). */
export const productionNodeFlags = (script: ProductionScript): string[] => productionStart(script).nodeFlags;
