import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { productionNodeFlags } from '../../bench/productionStart';

const dockerfile = readFileSync('Dockerfile', 'utf8');

describe('production starts the API and the workers with the heap caps the bench measures (issue 18 goal 6)', () => {
  it('caps both processes’ V8 heaps in package.json, which bench:write reads', () => {
    for (const script of ['start:prod', 'worker:prod'] as const) {
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

  it('runs the API in the image with the same flags, the workers’ command documented with theirs', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)![1]!;
    expect(JSON.parse(cmd)).toEqual(['node', ...productionNodeFlags('start:prod'), 'dist/src/main.js']);
    expect(dockerfile).toContain(`node ${productionNodeFlags('worker:prod').join(' ')} dist/workers/main.js`);
    expect(dockerfile).toMatch(/^ENV .*MALLOC_ARENA_MAX=2/m);
  });
});
