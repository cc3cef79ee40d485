// bench:write --memory loads this into the API and worker processes (`node --import`): what their RSS is made of
// at its peak (issue 18 goal 6). Every second it reads the process's RSS; when it is the highest yet, it writes
// to $BENCH_MEMORY_FILE V8's own account (process.memoryUsage, heap spaces) and /proc/self/smaps summed by kind
// of mapping: code and data mapped from files (node, shared libraries), glibc's main heap ([heap]), WebAssembly
// memories (V8 reserves 10 GiB of address space for each and makes only the used start accessible, so a memory is
// an anonymous mapping followed by an inaccessible one of at least 1 GiB; Prisma's query compiler is one), and the
// other anonymous memory (V8's heap pages, glibc's other arenas, buffers). V8 counts a WebAssembly memory in
// `external` too. Plain JavaScript: it is loaded as is, under dist/ as under tsx.
import { readFileSync, writeFileSync } from 'node:fs';
import v8 from 'node:v8';

const file = process.env.BENCH_MEMORY_FILE;
const MiB = 1048576;
const GUARD_KIB = 1024 * 1024;

function smapsByKind() {
  const maps = [];
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      maps.push({ start: header[1], end: header[2], perms: header[3], path: header[4] ?? '', size: 0, rss: 0 });
      continue;
    }
    const m = maps.at(-1);
    const size = /^Size:\s+(\d+) kB/.exec(line);
    if (size && m) m.size = Number(size[1]);
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && m) m.rss = Number(rss[1]) * 1024;
  }
  // A WebAssembly memory is the accessible start of a reservation whose rest (at least 1 GiB) is inaccessible.
  const wasm = new Set();
  for (let i = 1; i < maps.length; i++) {
    const [before, m] = [maps[i - 1], maps[i]];
    if (!m.path && m.perms.startsWith('---') && m.size >= GUARD_KIB && !before.path && before.end === m.start)
      wasm.add(before);
  }
  const kinds = { files: 0, glibcMainHeap: 0, wasm: 0, stacks: 0, otherAnonymous: 0 };
  const files = new Map();
  for (const m of maps) {
    const kind = m.path.startsWith('/')
      ? 'files'
      : m.path === '[heap]'
        ? 'glibcMainHeap'
        : m.path.startsWith('[stack')
          ? 'stacks'
          : wasm.has(m)
            ? 'wasm'
            : 'otherAnonymous';
    kinds[kind] += m.rss;
    if (kind === 'files') files.set(m.path, (files.get(m.path) ?? 0) + m.rss);
  }
  const top = [...files].sort((a, b) => b[1] - a[1]).slice(0, 4);
  return { kinds, topFiles: top.map(([p, b]) => [p.split('/').slice(-2).join('/'), Math.round(b / MiB)]) };
}

if (file) {
  let peak = 0;
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss <= peak) return;
    peak = rss;
    const m = process.memoryUsage();
    const spaces = Object.fromEntries(
      v8.getHeapSpaceStatistics().map((s) => [s.space_name, Math.round(s.physical_space_size / MiB)]),
    );
    const h = v8.getHeapStatistics();
    const { kinds, topFiles } = smapsByKind();
    const mib = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v / MiB)]));
    writeFileSync(
      file,
      JSON.stringify({
        at: new Date().toISOString(),
        rss: Math.round(rss / MiB),
        v8: mib({
          heapCommitted: m.heapTotal,
          heapUsed: m.heapUsed,
          external: m.external,
          arrayBuffers: m.arrayBuffers,
          malloced: h.malloced_memory,
        }),
        heapSpaces: spaces,
        smaps: mib(kinds),
        topFiles,
      }),
    );
  }, 1000);
  timer.unref();
}
