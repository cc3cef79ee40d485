/**
 * npm run import -- placements <file.csv> [--dry-run] [--la 373] [--valid-rows] [--source NAME] [--mapping map.json]
 * npm run import -- characteristics <file.csv> --as-of YYYY-MM-DD [--dry-run] [--la 373] [--valid-rows] [--source NAME]
 * npm run import -- template placements     (prints the template CSV; `template characteristics` likewise)
 *
 * Uploads the file as an import batch, queues its job and follows it with a progress bar; the summary comes
 * last. The job runs in this process's own import worker (and in any running `npm start`'s, whichever takes
 * it first). Exit code: 0 all rows imported (or would be, in a dry run), 1 rows refused, 2 the file or the
 * command refused, 130 cancelled with Ctrl-C (nothing of the import is kept).
 * Uses DATABASE_URL / APP_DATABASE_URL and REDIS_URL, like the API; the import is recorded as made by
 * `cli:<user>@<host>` as an LA officer of the LA (--as <email> names an LA officer's account instead).
 */
import { createReadStream, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'bullmq';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { createPrisma } from '../src/db/prisma';
import { createCalendarService } from '../src/calendar/calendarService';
import { systemClock } from '../src/time/clock';
import { QUEUES, importBatchJob } from '../src/jobs/registry';
import { startImport } from '../src/usecases/import/startPlacementImport';
import { placementTemplateCsv } from '../src/domain/import/placementColumns';
import { characteristicsTemplateCsv } from '../src/domain/import/characteristicsColumns';
import { importMaxBytes, readLimited } from '../src/import/csvFile';
import { isXlsx, xlsxToCsvBytes } from '../src/import/xlsxFile';
import type { Actor } from '../src/auth/actor';
import { FINAL_STATUSES } from '../src/import/placements/runPlacementImport';
import { importProcessor } from './importProcessor';
import { createQueues, producerConnection, redisConnection } from './connection';

type Args = { positional: string[]; flags: Record<string, string | true> };
function parseArgs(argv: string[]): Args {
  const out: Args = { positional: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) out.positional.push(a);
    else if (['--dry-run', '--valid-rows', '--no-worker'].includes(a)) out.flags[a.slice(2)] = true;
    else out.flags[a.slice(2)] = argv[++i] ?? '';
  }
  return out;
}

const bar = (done: number, total: number, width = 30) => {
  const f = total > 0 ? Math.min(1, done / total) : 0;
  const n = Math.round(f * width);
  return `[${'#'.repeat(n)}${'-'.repeat(width - n)}] ${String(Math.round(f * 100)).padStart(3)}%`;
};

async function main(): Promise<number> {
  const { positional, flags } = parseArgs(process.argv.slice(2));
  const [command, file] = positional;
  if (command === 'template') {
    process.stdout.write(file === 'characteristics' ? characteristicsTemplateCsv() : placementTemplateCsv());
    return 0;
  }
  if (!['placements', 'characteristics'].includes(command ?? '') || !file) {
    console.error(
      'Usage: npm run import -- placements <file.csv> [--dry-run] [--la 373] [--valid-rows] [--source NAME] [--mapping map.json]',
    );
    return 2;
  }
  const config = loadConfig(process.env);
  const prisma = createPrisma(config.appDatabaseUrl, 4);
  const producer = producerConnection(config.REDIS_URL);
  const queues = createQueues(producer, config.QUEUE_PREFIX);
  const workerConnection = redisConnection(config.REDIS_URL);
  let worker: Worker | null = null;
  try {
    const las = await prisma.localAuthority.findMany({ select: { id: true, code: true, name: true } });
    const la = flags.la ? las.find((l) => l.code === flags.la) : las.length === 1 ? las[0] : undefined;
    if (!la) {
      console.error(
        flags.la ? `No LA with code ${String(flags.la)} is in this database.` : 'Say which LA: --la <code>.',
      );
      return 2;
    }
    let actor: Actor = { userId: `cli:${os.userInfo().username}@${os.hostname()}`, role: 'LA_OFFICER', laId: la.id };
    if (typeof flags.as === 'string') {
      const user = await prisma.appUser.findFirst({
        where: { email: flags.as, laId: la.id, role: 'LA_OFFICER', active: true },
      });
      if (!user) {
        console.error(`No active LA officer ${flags.as} in LA ${la.code}.`);
        return 2;
      }
      actor = { userId: user.id, role: 'LA_OFFICER', laId: la.id };
    }
    const limit = importMaxBytes();
    const read = await readLimited(createReadStream(file), limit);
    // An Excel workbook's first sheet is read as the CSV it would save as (row numbers kept as line numbers),
    // held to the same limit as a CSV file (the import refuses a larger one).
    const content = isXlsx(read) ? await xlsxToCsvBytes(read, limit) : read;
    const mapping = typeof flags.mapping === 'string' ? JSON.parse(readFileSync(flags.mapping, 'utf8')) : null;
    const started = await startImport(
      { prisma, calendars: createCalendarService(prisma), clock: systemClock },
      actor,
      command === 'characteristics' ? 'CHARACTERISTICS' : 'PLACEMENTS',
      {
        asOf: typeof flags['as-of'] === 'string' ? flags['as-of'] : null,
        fileName: path.basename(file),
        dryRun: flags['dry-run'] === true,
        mode: flags['valid-rows'] === true ? 'VALID_ROWS' : 'ALL_OR_NOTHING',
        source: typeof flags.source === 'string' ? flags.source : null,
        mapping,
      },
      content,
    );
    const unmapped = started.unmappedHeaders.length ? ` (columns not read: ${started.unmappedHeaders.join(', ')})` : '';
    console.error(`Import ${started.batchId} of ${path.basename(file)} for LA ${la.code}${unmapped}`);
    if (flags['no-worker'] !== true)
      worker = new Worker(
        QUEUES.imports,
        importProcessor({
          prisma,
          calendars: createCalendarService(prisma),
          clock: systemClock,
          log: createLogger('silent'),
          databaseUrl: config.appDatabaseUrl,
        }),
        { connection: workerConnection, prefix: config.QUEUE_PREFIX, concurrency: 1 },
      );
    const job = importBatchJob(started.batchId);
    await queues.imports.add(job.name, job.data, job.opts);

    let cancelling = false;
    process.on('SIGINT', () => {
      if (cancelling) process.exit(130);
      cancelling = true;
      console.error('\nCancelling: the import stops at its next chunk and keeps nothing.');
      void prisma.importBatch.update({ where: { id: started.batchId }, data: { cancelRequested: true } });
    });
    const tty = process.stderr.isTTY;
    let last = '';
    for (;;) {
      const b = await prisma.importBatch.findUniqueOrThrow({ where: { id: started.batchId } });
      const line =
        b.status === 'QUEUED'
          ? 'Waiting for a worker…'
          : b.rowsChecked < b.rowsTotal || b.dryRun || b.rowsImported === 0
            ? `Checking  ${bar(b.rowsChecked, b.rowsTotal)} ${b.rowsChecked}/${b.rowsTotal} rows`
            : `Importing ${bar(b.rowsImported, b.rowsTotal - b.rowsRefused - b.rowsDuplicate)} ${b.rowsImported} rows`;
      if (line !== last) {
        process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
        last = line;
      }
      if ((FINAL_STATUSES as readonly string[]).includes(b.status)) {
        if (tty) process.stderr.write('\n');
        return summary(b);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (err) {
    const e = err as { message: string; extensions?: { fields?: { message: string }[] } };
    console.error(e.message);
    return 2;
  } finally {
    await worker?.close();
    await queues.imports.close();
    await Promise.all(Object.values(queues).map((q) => q.close()));
    await Promise.allSettled([prisma.$disconnect(), producer.quit(), workerConnection.quit()]);
  }
}

interface BatchRow {
  id: string;
  status: string;
  dryRun: boolean;
  rowsTotal: number;
  rowsImported: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  rowsRefused: number;
  rowsDuplicate: number;
  problems: unknown;
  followUps: unknown;
  message: string | null;
  fileHash: string;
}

function summary(b: BatchRow): number {
  const problems = b.problems as { line: number; column: string; message: string; duplicate?: boolean }[];
  const shown = problems.slice(0, 50);
  for (const p of shown)
    console.log(p.duplicate ? `line ${p.line}: ${p.message}` : `line ${p.line}, column "${p.column}": ${p.message}`);
  if (problems.length > shown.length)
    console.log(`… and ${problems.length - shown.length} more (importJob(id: "${b.id}") lists them all)`);
  const follow = Object.entries(b.followUps as Record<string, number>)
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  const verb = b.dryRun ? 'would import' : 'imported';
  console.log(
    [
      `${b.status}${b.dryRun ? ' (dry run: nothing was written)' : ''}: ${b.rowsTotal} rows read, ${verb} ${b.rowsImported}, ` +
        `${b.dryRun ? 'would update' : 'updated'} ${b.rowsUpdated}, unchanged ${b.rowsUnchanged}, refused ${b.rowsRefused}, duplicates ${b.rowsDuplicate}.`,
      follow ? `To follow up on imported history: ${follow}.` : null,
      b.message,
      `File SHA-256 ${b.fileHash}; import ${b.id}.`,
    ]
      .filter(Boolean)
      .join('\n'),
  );
  if (b.status === 'CANCELLED') return 130;
  if (b.status === 'FAILED') return 2;
  return b.rowsRefused > 0 || b.status === 'REFUSED' ? 1 : 0;
}

process.exitCode = await main();
