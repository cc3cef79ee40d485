/**
 * Where a process's CPU went, from the .cpuprofile files `node --cpu-prof` writes on exit (bench:write --profile):
 * self time by package (node_modules/<package>), our code (src/, workers/), Node's internals and the garbage
 * collector, as shares of the samples that were not idle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function category(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/(src|workers)\/(.*?)(\/[^/]+)?\.[jt]s$/.exec(url);
  if (own) return `our code: ${own[1]}/${own[2]!.split('/')[0]}`;
  return url;
}

/** Self time by category, largest first, for every profile in `dir`. */
export function summariseProfiles(dir: string, top = 14): string[] {
  const out: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    let total = 0;
    p.samples.forEach((id, i) => {
      const n = byId.get(id)!;
      const cat = category(n.callFrame.url, n.callFrame.functionName);
      if (cat === '(idle)') return;
      const us = p.timeDeltas[i] ?? 0;
      total += us;
      self.set(cat, (self.get(cat) ?? 0) + us);
    });
    out.push(`${file}: ${(total / 1e6).toFixed(1)} s of CPU sampled (idle excluded); self time by where it ran:`);
    for (const [cat, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
      out.push(`    ${((100 * us) / total).toFixed(1).padStart(5)}%  ${cat}`);
  }
  return out;
}
