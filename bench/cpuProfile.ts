/**
 * Where a process's CPU went, from the .cpuprofile files `node --cpu-prof` writes on exit (bench:write --profile),
 * as shares of the samples that were not idle, two ways:
 * - self time by where it ran: package (node_modules/<package>), our code (src/, workers/), Node's internals,
 *   native code and the garbage collector;
 * - the same time charged to the nearest package or our code up the stack, so Node's internals and native code
 *   (socket writes, crypto, buffers) count for whoever called them: "pg" then includes the socket I/O it asked for.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A frame's package or our folder; null for Node's internals and native frames (no owner of their own). */
function owner(url: string): string | null {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  const own = /\/(src|workers)\/(.*?)(\/[^/]+)?\.[jt]s$/.exec(url);
  if (own) return `our code: ${own[1]}/${own[2]!.split('/')[0]}`;
  if (url.startsWith('wasm://')) return 'WebAssembly (the Prisma query compiler)';
  return null;
}

function category(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  return owner(url) ?? url;
}

function table(title: string, shares: Map<string, number>, total: number, top: number): string[] {
  return [
    title,
    ...[...shares]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([cat, us]) => `    ${((100 * us) / total).toFixed(1).padStart(5)}%  ${cat}`),
  ];
}

/** Both views, largest first, for every profile in `dir`. */
export function summariseProfiles(dir: string, top = 14): string[] {
  const out: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const ownerOf = new Map<number, string>();
    const charged = (id: number): string => {
      const known = ownerOf.get(id);
      if (known !== undefined) return known;
      const n = byId.get(id)!;
      const up = parent.get(id);
      const o =
        owner(n.callFrame.url) ??
        (up === undefined ? category(n.callFrame.url, n.callFrame.functionName) : charged(up));
      ownerOf.set(id, o);
      return o;
    };
    const self = new Map<string, number>();
    const inclusive = new Map<string, number>();
    let total = 0;
    p.samples.forEach((id, i) => {
      const n = byId.get(id)!;
      const cat = category(n.callFrame.url, n.callFrame.functionName);
      if (cat === '(idle)') return;
      const us = p.timeDeltas[i] ?? 0;
      total += us;
      self.set(cat, (self.get(cat) ?? 0) + us);
      // The collector and the program's own bookkeeping have no caller worth charging.
      let to = cat.startsWith('(') && cat !== '(native)' ? cat : charged(id);
      if (to === '(root)') to = '(event loop: I/O callbacks with no package on the stack)';
      inclusive.set(to, (inclusive.get(to) ?? 0) + us);
    });
    out.push(`${file}: ${(total / 1e6).toFixed(1)} s of CPU sampled (idle excluded)`);
    out.push(...table('  self time by where it ran:', self, total, top));
    out.push(...table('  charged to the nearest package or our code on the stack:', inclusive, total, top));
  }
  return out;
}
