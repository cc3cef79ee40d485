import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { migrate } from '../../src/db/migrate';
import type { TestDatabase } from './database';
import { freePort } from './redisServer';

const exec = promisify(execFile);
const ROLES_SQL = path.resolve('scripts/bringup/roles.sql');
const MIGRATIONS = path.resolve('prisma/migrations');

function pgBin(name: string): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(path.join(base, v, 'bin', name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0])
    throw new Error(
      `no /usr/lib/postgresql/*/bin/${name}: PostgreSQL server binaries are needed (bring-up installs them)`,
    );
  return path.join(base, versions[0], 'bin', name);
}

/** PostgreSQL refuses to run as root: as root, run its binaries as the postgres OS user. */
function asPostgres(bin: string, args: string[]) {
  return process.getuid?.() === 0 ? exec('runuser', ['-u', 'postgres', '--', bin, ...args]) : exec(bin, args);
}

/**
 * A PostgreSQL cluster of the test's own (initdb on a free port, in a temporary directory), which
 * the test may stop and start under a running service without touching the machine's shared
 * cluster that other developers' tests use. Trust auth on 127.0.0.1 only; fsync off (throwaway).
 */
export class OwnPostgres {
  readonly dir: string;
  private constructor(readonly port: number) {
    this.dir = mkdtempSync(path.join(tmpdir(), 'ap-ownpg-'));
  }
  get dataDir() {
    return path.join(this.dir, 'data');
  }

  static async create(): Promise<OwnPostgres> {
    const own = new OwnPostgres(await freePort());
    if (process.getuid?.() === 0) chownSync(own.dir, ...(await postgresIds()));
    await asPostgres(pgBin('initdb'), [
      '-D',
      own.dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale',
      'C',
    ]);
    await own.start();
    await own.superuser(readFileSync(ROLES_SQL, 'utf8'));
    return own;
  }

  /**
   * A hot-standby streaming replica of this cluster (pg_basebackup -R: it follows the primary's WAL),
   * on a port of its own. initdb's trust lines already allow replication connections from 127.0.0.1.
   */
  async streamingReplica(): Promise<OwnPostgres> {
    const replica = new OwnPostgres(await freePort());
    if (process.getuid?.() === 0) chownSync(replica.dir, ...(await postgresIds()));
    await asPostgres(pgBin('pg_basebackup'), [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
      '-U',
      'postgres',
      '-D',
      replica.dataDir,
      '--write-recovery-conf',
      '--wal-method=stream',
      '--checkpoint=fast',
      '--no-sync',
    ]);
    await replica.start();
    return replica;
  }

  async start(): Promise<void> {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
    await asPostgres(pgBin('pg_ctl'), [
      '-D',
      this.dataDir,
      '-l',
      path.join(this.dir, 'log'),
      '-o',
      opts,
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  /** `-m fast`: sessions are ended (57P01), as when an operator stops the server. */
  async stop(): Promise<void> {
    if (!existsSync(path.join(this.dataDir, 'postmaster.pid'))) return;
    await asPostgres(pgBin('pg_ctl'), ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  url(user: 'postgres' | 'ap_owner' | 'ap_app', db: string): string {
    return `postgresql://${user}:${user}@127.0.0.1:${this.port}/${db}`;
  }

  async superuser(sql: string, db = 'postgres'): Promise<void> {
    const c = new pg.Client({ connectionString: this.url('postgres', db) });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  }

  /** A migrated database owned by ap_owner, shaped like the suite's TestDatabase. */
  async migratedDatabase(name = 'ap_outage'): Promise<TestDatabase> {
    await this.superuser(`CREATE DATABASE "${name}" OWNER ap_owner`);
    const ownerUrl = this.url('ap_owner', name);
    await migrate(ownerUrl, MIGRATIONS, () => undefined);
    return {
      name,
      ownerUrl,
      appUrl: this.url('ap_app', name),
      drop: () => this.superuser(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  }
}

async function postgresIds(): Promise<[number, number]> {
  const { stdout } = await exec('id', ['-u', 'postgres']);
  const { stdout: g } = await exec('id', ['-g', 'postgres']);
  return [Number(stdout.trim()), Number(g.trim())];
}
