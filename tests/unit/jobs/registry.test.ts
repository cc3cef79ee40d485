import { describe, expect, it } from 'vitest';
import {
  JOBS,
  QUEUES,
  DEFAULT_JOB_OPTIONS,
  NIGHTLY_SCAN_CRON,
  NIGHTLY_SCAN_TZ,
  refreshRollupsJob,
  anonymisePupilJob,
  RETENTION_REVIEW_CRON,
  importBatchJob,
} from '../../../src/jobs/registry';
import { evidenceBand } from '../../../src/flags/flagStore';
import { londonDateOf as londonToday } from '../../../src/time/clock';

describe('job registry', () => {
  it('names every job and queue once', () => {
    expect(new Set(Object.values(JOBS)).size).toBe(Object.values(JOBS).length);
    expect(Object.values(QUEUES).sort()).toEqual(['flags', 'imports', 'notifications', 'reports', 'retention']);
  });
  it('a rollup refresh is one job per LA, carrying only the LA id, removed when done so the id can be used again', () => {
    const job = refreshRollupsJob('00000000-0000-4000-8000-000000000373');
    expect(job).toEqual({
      name: 'refresh-report-rollups',
      data: { laId: '00000000-0000-4000-8000-000000000373' },
      opts: {
        jobId: 'rollups-00000000-0000-4000-8000-000000000373',
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: true,
      },
    });
    // BullMQ refuses custom ids containing ':'.
    expect(job.opts.jobId).not.toContain(':');
  });
  it('an anonymisation is one job per approved review, carrying only the review id', () => {
    const job = anonymisePupilJob('00000000-0000-4000-8000-000000000015');
    expect(job).toEqual({
      name: 'anonymise-pupil',
      data: { reviewId: '00000000-0000-4000-8000-000000000015' },
      opts: { jobId: 'anonymise-00000000-0000-4000-8000-000000000015' },
    });
    expect(RETENTION_REVIEW_CRON).toBe('30 3 * * *');
  });
  it('an import is one job per batch, carrying only the batch id', () => {
    const job = importBatchJob('00000000-0000-4000-8000-0000000000aa');
    expect(job.name).toBe('import-batch');
    expect(job.data).toEqual({ batchId: '00000000-0000-4000-8000-0000000000aa' });
    expect(job.opts.jobId).toBe('import-00000000-0000-4000-8000-0000000000aa');
    expect(job.opts.jobId).not.toContain(':');
  });
  it('retries with exponential backoff', () => {
    expect(DEFAULT_JOB_OPTIONS.attempts).toBeGreaterThan(1);
    expect(DEFAULT_JOB_OPTIONS.backoff.type).toBe('exponential');
  });
  it('schedules the nightly scan at 02:30 UK time', () => {
    expect(NIGHTLY_SCAN_CRON).toBe('30 2 * * *');
    expect(NIGHTLY_SCAN_TZ).toBe('Europe/London');
  });
});

describe('a dismissed flag reopens only on materially worse evidence (evidence bands)', () => {
  it.each([
    [0, 0],
    [0.5, 0],
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [7, 3],
    [8, 4],
    [10, 4],
    [15, 4],
    [16, 5],
    [20, 5],
  ])('score %d is band %d', (score, band) => {
    expect(evidenceBand(score)).toBe(band);
  });
  it('doubling is worse; a few more days overdue is not', () => {
    expect(evidenceBand(20)).toBeGreaterThan(evidenceBand(10));
    expect(evidenceBand(15)).toBe(evidenceBand(10));
    expect(evidenceBand(6)).toBe(evidenceBand(5)); // a sixth pupil at a U1 provider dismissed at five
  });
});

describe('the flag clock is UK time', () => {
  it('is the London date, not UTC, around midnight in summer', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    expect(londonToday(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonToday(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});
