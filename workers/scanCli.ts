/**
 * npm run scan -- [--full] [--as-of YYYY-MM-DD]
 *
 * Queues a flag scan for the running workers (the same job the 02:30 scheduler adds). Without --full it is
 * the nightly due-only scan (subjects whose next-due date has come); with --full every subject is evaluated,
 * the safety net the workers also run every Sunday (FULL_SCAN_WEEKDAY): after a deploy that changes a rule
 * or the bank holidays, or to refresh every flag's evidence figures. Prints the job id; the scan's progress is
 * in the ScanRun table and /metrics (flag_scan_last_finished_timestamp_seconds). Uses REDIS_URL and QUEUE_PREFIX.
 */
import { loadConfig } from '../src/config';
import { JOBS, type NightlyScanPayload } from '../src/jobs/registry';
import { createQueues, producerConnection } from './connection';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const full = args.includes('--full');
  const at = args.indexOf('--as-of');
  const asOf = at >= 0 ? args[at + 1] : undefined;
  if (
    (at >= 0 && !/^\d{4}-\d{2}-\d{2}$/.test(asOf ?? '')) ||
    args.some((a) => a.startsWith('--') && !['--full', '--as-of'].includes(a))
  ) {
    process.stderr.write('Usage: npm run scan -- [--full] [--as-of YYYY-MM-DD]\n');
    return 2;
  }
  const config = loadConfig(process.env);
  const connection = producerConnection(config.REDIS_URL);
  const queues = createQueues(connection, config.QUEUE_PREFIX);
  try {
    const job = await queues.flags.add(JOBS.nightlyScan, {
      full,
      ...(asOf ? { asOf } : {}),
    } satisfies NightlyScanPayload);
    process.stdout.write(
      `queued ${full ? 'a full' : 'a due-only'} flag scan${asOf ? ` as of ${asOf}` : ''}: job ${job.id}\n`,
    );
    return 0;
  } finally {
    await Promise.all(Object.values(queues).map((q) => q.close()));
    connection.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  },
);
