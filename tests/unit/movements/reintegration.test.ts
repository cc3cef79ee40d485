import { describe, expect, it } from 'vitest';
import {
  checkpointReportProblem,
  DEFAULT_CHECKPOINTS,
  reintegrationCheckpoints,
  ruleR2ReintegrationStatus,
  type CheckpointState,
} from '../../../src/domain/movements/reintegration';
import { sheffield } from '../../support/sheffieldCalendar';

// Hand-counted on Sheffield's 2025-26 calendar from a return on Mon 1 Sep 2025 (day 1):
// day 30 = Fri 10 Oct; day 65 = Fri 5 Dec (half-term 27–31 Oct); day 130 = Fri 27 Mar 2026
// (Christmas 22 Dec – 2 Jan, February half-term 16–20 Feb).
describe('reintegration checkpoints (rule R1)', () => {
  it('the defaults: six weeks, one term and two terms in school days', () => {
    expect(DEFAULT_CHECKPOINTS).toEqual([
      { label: 'SIX_WEEKS', schoolDays: 30 },
      { label: 'ONE_TERM', schoolDays: 65 },
      { label: 'TWO_TERMS', schoolDays: 130 },
    ]);
  });

  it('due dates count the return day as day 1; the last is final', () => {
    expect(reintegrationCheckpoints(sheffield, '2025-09-01')).toEqual([
      { label: 'SIX_WEEKS', schoolDays: 30, dueDate: '2025-10-10', isFinal: false },
      { label: 'ONE_TERM', schoolDays: 65, dueDate: '2025-12-05', isFinal: false },
      { label: 'TWO_TERMS', schoolDays: 130, dueDate: '2026-03-27', isFinal: true },
    ]);
  });

  it('other definitions are put in order of length; the longest is final', () => {
    const defs = [
      { label: 'B', schoolDays: 10 },
      { label: 'A', schoolDays: 5 },
    ];
    // 1–5 Sep are days 1–5; 8–12 Sep days 6–10.
    expect(reintegrationCheckpoints(sheffield, '2025-09-01', defs)).toEqual([
      { label: 'A', schoolDays: 5, dueDate: '2025-09-05', isFinal: false },
      { label: 'B', schoolDays: 10, dueDate: '2025-09-12', isFinal: true },
    ]);
    expect(defs.map((d) => d.label)).toEqual(['B', 'A']); // the caller's list is left alone
  });
});

const cps = (...outcomes: CheckpointState['outcome'][]): CheckpointState[] =>
  [
    { label: 'SIX_WEEKS', dueDate: '2025-10-10', isFinal: false },
    { label: 'ONE_TERM', dueDate: '2025-12-05', isFinal: false },
    { label: 'TWO_TERMS', dueDate: '2026-03-27', isFinal: true },
  ].map((c, i) => ({ ...c, outcome: outcomes[i] ?? null }));

describe('rule R2: the reintegration status', () => {
  it('pending until the final checkpoint is sustained', () => {
    expect(ruleR2ReintegrationStatus(cps())).toBe('PENDING');
    expect(ruleR2ReintegrationStatus(cps('SUSTAINED', 'SUSTAINED'))).toBe('PENDING');
    expect(ruleR2ReintegrationStatus(cps('SUSTAINED', 'SUSTAINED', 'SUSTAINED'))).toBe('SUSTAINED');
  });

  it('any breakdown ends it, even after earlier sustained checkpoints', () => {
    expect(ruleR2ReintegrationStatus(cps('BROKEN_DOWN'))).toBe('BROKEN_DOWN');
    expect(ruleR2ReintegrationStatus(cps('SUSTAINED', 'BROKEN_DOWN'))).toBe('BROKEN_DOWN');
    expect(ruleR2ReintegrationStatus(cps('SUSTAINED', 'SUSTAINED', 'BROKEN_DOWN'))).toBe('BROKEN_DOWN');
  });
});

describe('reporting a follow-up', () => {
  const start = '2025-09-01';

  it('an unknown checkpoint is named with the ones there are', () => {
    expect(checkpointReportProblem(cps(), 'ONE_YEAR', 'SUSTAINED', '2025-12-05', start)).toBe(
      'There is no checkpoint called ONE_YEAR; expected one of SIX_WEEKS, ONE_TERM, TWO_TERMS.',
    );
  });

  it('sustained from its due date on, not before', () => {
    expect(checkpointReportProblem(cps(), 'SIX_WEEKS', 'SUSTAINED', '2025-10-09', start)).toBe(
      'The SIX_WEEKS follow-up is due on 2025-10-10; it can only be reported sustained from that date.',
    );
    expect(checkpointReportProblem(cps(), 'SIX_WEEKS', 'SUSTAINED', '2025-10-10', start)).toBeNull();
    expect(checkpointReportProblem(cps(), 'SIX_WEEKS', 'SUSTAINED', '2025-11-20', start)).toBeNull();
  });

  it('a breakdown can be reported at any time after the return, before the due date too', () => {
    expect(checkpointReportProblem(cps(), 'SIX_WEEKS', 'BROKEN_DOWN', '2025-09-01', start)).toBeNull();
    expect(checkpointReportProblem(cps(), 'TWO_TERMS', 'BROKEN_DOWN', '2025-09-20', start)).toBeNull();
  });

  it('never before the pupil returned', () => {
    expect(checkpointReportProblem(cps(), 'SIX_WEEKS', 'BROKEN_DOWN', '2025-08-31', start)).toBe(
      'A follow-up cannot be reported before the pupil returned to school.',
    );
  });

  it('in order: a later checkpoint is sustained only after the earlier ones were', () => {
    expect(checkpointReportProblem(cps(), 'ONE_TERM', 'SUSTAINED', '2025-12-05', start)).toBe(
      'Report the SIX_WEEKS follow-up first.',
    );
    expect(checkpointReportProblem(cps('SUSTAINED'), 'TWO_TERMS', 'SUSTAINED', '2026-03-27', start)).toBe(
      'Report the ONE_TERM follow-up first.',
    );
    expect(checkpointReportProblem(cps('SUSTAINED'), 'ONE_TERM', 'SUSTAINED', '2025-12-05', start)).toBeNull();
  });

  it('once only: a reported checkpoint is corrected, not reported again', () => {
    expect(checkpointReportProblem(cps('SUSTAINED'), 'SIX_WEEKS', 'SUSTAINED', '2025-10-20', start)).toBe(
      'The SIX_WEEKS follow-up has already been reported. Correct it with a correction event instead.',
    );
  });

  it('nothing more once it is closed (broken down or sustained)', () => {
    const closed = 'This reintegration is already closed; no further follow-ups can be reported.';
    expect(checkpointReportProblem(cps('BROKEN_DOWN'), 'ONE_TERM', 'SUSTAINED', '2025-12-05', start)).toBe(closed);
    expect(
      checkpointReportProblem(
        cps('SUSTAINED', 'SUSTAINED', 'SUSTAINED'),
        'TWO_TERMS',
        'BROKEN_DOWN',
        '2026-04-20',
        start,
      ),
    ).toBe(closed);
  });
});

describe('a follow-up whose outcome is not known', () => {
  const start = '2025-09-01';

  it('leaves the reintegration pending, even at the final checkpoint (rule R2 needs evidence)', () => {
    expect(ruleR2ReintegrationStatus(cps('NOT_KNOWN'))).toBe('PENDING');
    expect(ruleR2ReintegrationStatus(cps('SUSTAINED', 'SUSTAINED', 'NOT_KNOWN'))).toBe('PENDING');
    expect(ruleR2ReintegrationStatus(cps('NOT_KNOWN', 'BROKEN_DOWN'))).toBe('BROKEN_DOWN');
  });

  it('can be reported from the due date, not before', () => {
    expect(checkpointReportProblem(cps(), 'SIX_WEEKS', 'NOT_KNOWN', '2025-10-09', start)).toBe(
      'The SIX_WEEKS follow-up is due on 2025-10-10; it can only be reported as not known from that date.',
    );
    expect(checkpointReportProblem(cps(), 'SIX_WEEKS', 'NOT_KNOWN', '2025-10-10', start)).toBeNull();
  });

  it('is replaced by what happened once known, but not by another not known', () => {
    expect(checkpointReportProblem(cps('NOT_KNOWN'), 'SIX_WEEKS', 'SUSTAINED', '2025-10-20', start)).toBeNull();
    expect(checkpointReportProblem(cps('NOT_KNOWN'), 'SIX_WEEKS', 'BROKEN_DOWN', '2025-10-20', start)).toBeNull();
    expect(checkpointReportProblem(cps('NOT_KNOWN'), 'SIX_WEEKS', 'NOT_KNOWN', '2025-10-20', start)).toBe(
      'The SIX_WEEKS follow-up is already reported as not known; report what happened once it is known.',
    );
    expect(checkpointReportProblem(cps('SUSTAINED'), 'SIX_WEEKS', 'NOT_KNOWN', '2025-10-20', start)).toBe(
      'The SIX_WEEKS follow-up has already been reported. Correct it with a correction event instead.',
    );
  });

  it('a later follow-up is sustained only once the earlier not known is replaced', () => {
    expect(checkpointReportProblem(cps('NOT_KNOWN'), 'ONE_TERM', 'SUSTAINED', '2025-12-05', start)).toBe(
      'The SIX_WEEKS follow-up is recorded as not known: a return is sustained only with the pupil on roll throughout, so report what happened at SIX_WEEKS first.',
    );
    expect(checkpointReportProblem(cps('NOT_KNOWN'), 'ONE_TERM', 'NOT_KNOWN', '2025-12-05', start)).toBeNull();
    expect(checkpointReportProblem(cps('NOT_KNOWN'), 'ONE_TERM', 'BROKEN_DOWN', '2025-11-05', start)).toBeNull();
  });
});
