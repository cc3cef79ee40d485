import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRODUCTION_SCRIPTS, productionStart, productionNodeFlags } from '../../bench/productionStart';
import { loadConfig } from '../../src/config';
import { QUEUES } from '../../src/jobs/registry';

const dockerfile = readFileSync('Dockerfile', 'utf8');
const compose = readFileSync('docker-compose.yml', 'utf8');
const WORKERS = ['worker:prod', 'worker:imports:prod'] as const;
/** A command as docker-compose.yml writes it: ["node", "--flag", "entry"]. */
const composeCommand = (words: string[]) => `command: [${words.map((w) => JSON.stringify(w)).join(', ')}]`;

describe('production starts the API and the workers with the heap caps the bench measures (issue 18 goal 6)', () => {
  it('caps every process’s V8 heap in package.json, which bench:write reads', () => {
    for (const script of PRODUCTION_SCRIPTS) {
      const flags = productionNodeFlags(script);
      expect(
        flags.some((f) => /^--max-old-space-size=\d+$/.test(f)),
        script,
      ).toBe(true);
      expect(
        flags.some((f) => /^--max-semi-space-size=\d+$/.test(f)),
        script,
      ).toBe(true);
    }
  });

  it('serves every queue once between the two worker processes, imports in the one with the larger heap', () => {
    const queuesOf = (script: (typeof WORKERS)[number]) =>
      loadConfig({
        DATABASE_URL: 'postgresql://u:p@localhost:5432/db',
        JWT_SECRET: 'x'.repeat(40),
        NODE_ENV: 'test',
        WORKER_QUEUES: productionStart(script).env.WORKER_QUEUES,
      }).WORKER_QUEUES;
    expect(productionStart('worker:imports:prod').env.WORKER_QUEUES).toBe('imports');
    expect(productionStart('worker:prod').env.WORKER_QUEUES).toBeDefined();
    expect([...queuesOf('worker:prod'), ...queuesOf('worker:imports:prod')].sort()).toEqual(
      Object.values(QUEUES).sort(),
    );
    const oldSpace = (script: (typeof WORKERS)[number]) =>
      Number(/=(\d+)$/.exec(productionNodeFlags(script).find((f) => f.startsWith('--max-old-space-size='))!)![1]);
    expect(oldSpace('worker:imports:prod')).toBeGreaterThan(oldSpace('worker:prod'));
  });

  it('runs the API in the image with the same flags, the workers’ commands documented with theirs', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)![1]!;
    expect(JSON.parse(cmd)).toEqual(['node', ...productionNodeFlags('start:prod'), 'dist/src/main.js']);
    for (const script of WORKERS) {
      const s = productionStart(script);
      expect(dockerfile).toContain(
        `-e WORKER_QUEUES=${s.env.WORKER_QUEUES} ap-movement-tracker \\\n#       node ${s.nodeFlags.join(' ')} ${s.entry}`,
      );
    }
    expect(dockerfile).toMatch(/^ENV .*MALLOC_ARENA_MAX=2/m);
  });

  it('runs the same commands in docker-compose.yml: the API and one service per worker process', () => {
    const api = productionStart('start:prod');
    expect(compose).toContain(composeCommand(['node', ...api.nodeFlags, api.entry]));
    for (const script of WORKERS) {
      const s = productionStart(script);
      expect(compose).toContain(
        `WORKER_QUEUES: ${s.env.WORKER_QUEUES}\n    ${composeCommand(['node', ...s.nodeFlags, s.entry])}`,
      );
    }
  });
});
