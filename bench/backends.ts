import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * This database's PostgreSQL backends, found by process title (`postgres: <cluster>: <role> <database>
 * <client>(<port>) <state>`), whoever they connected as: pg_stat_activity does not show other roles' sessions
 * in full without pg_read_all_stats. With `clients`, only the backends whose client socket belongs to one of
 * those processes (its TCP port, from /proc/<pid>/fd and /proc/net/tcp*), so PostgreSQL's CPU can be split by
 * which process asked for the work: the API's writes and reads, or the workers' evaluations and rollups.
 */
export function backendPids(db: string, clients?: number[]): number[] {
  const ports = clients ? clientPorts(clients) : null;
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const title = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (!title.startsWith('postgres: ') || !title.includes(` ${db} `)) continue;
      if (ports) {
        const port = /\((\d+)\)/.exec(title)?.[1];
        if (!port || !ports.has(Number(port))) continue;
      }
      pids.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The local TCP ports of the sockets these processes hold open. */
function clientPorts(pids: number[]): Set<number> {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // exited
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        // closed meanwhile
      }
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[];
    try {
      lines = readFileSync(table, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    // "sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ..."
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || !inodes.has(cols[9]!)) continue;
      ports.add(parseInt(cols[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}
