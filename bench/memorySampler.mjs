// bench:write --memory loads this into the API and worker processes (`node --import`): what their RSS is made of
// at its peak (issue 18 goal 6). Every second it reads the process's RSS; when it is the highest yet, it writes
// to $BENCH_MEMORY_FILE V8's own account (process.memoryUsage, heap spaces) and /proc/self/smaps summed by kind
// of mapping: code and data mapped from files (node, shared libraries), glibc's main heap ([heap]), WebAssembly
// memories (anonymous mappings of at least 4 GiB: V8 reserves that much address space for each, and touches only
// what the module uses; Prisma's query compiler is one), and the other anonymous memory (V8's heap pages, glibc's
// other arenas, buffers). Plain JavaScript: it is loaded as is, under dist/ as under tsx.
import { readFileSync, writeFileSync } from 'node:fs';
import v8 from 'node:v8';

const file = process.env.BENCH_MEMORY_FILE;
const MiB = 1048576;
const WASM_RESERVATION_KIB = 4 * 1024 * 1024;

function smapsByKind() {
  const kinds = { files: 0, glibcMainHeap: 0, wasm: 0, stacks: 0, otherAnonymous: 0 };
  const files = new Map();
  let kind = 'otherAnonymous';
  let path = '';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      path = header[1] ?? '';
      kind = path.startsWith('/')
        ? 'files'
        : path === '[heap]'
          ? 'glibcMainHeap'
          : path.startsWith('[stack')
            ? 'stacks'
            : 'otherAnonymous';
      continue;
    }
    const size = /^Size:\s+(\d+) kB/.exec(line);
    if (size && kind === 'otherAnonymous' && Number(size[1]) >= WASM_RESERVATION_KIB) kind = 'wasm';
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) {
      kinds[kind] += Number(rss[1]) * 1024;
      if (kind === 'files') files.set(path, (files.get(path) ?? 0) + Number(rss[1]) * 1024);
    }
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
