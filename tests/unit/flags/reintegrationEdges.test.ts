/**
 * The edges of R1 and R4 (domain.md §1.2, §8.4, §9.8) that reintegrationRules.test.ts leaves open, found by
 * Stryker's survivors (docs/testing.md): R1 judged on the day of the return, events before it, a suspension
 * total of exactly 5 before the next, a permanent exclusion carrying a day count, "marked broken down" only
 * when no follow-up says so, failures in date order whatever order they are found in; R4's Year 11 edges, a
 * pupil with no post-16 record at all, and the latest activity when recorded on the day or twice on one day.
 * Return to school Mon 3 Nov 2025 (reintegration() in fixtures.ts); school days by hand on testCalendar.ts.
 */
import { describe, expect, it } from 'vitest';
import { ruleR1FailedReintegration, ruleR4SeptemberGuarantee } from '../../../src/domain/flags/reintegrationRules';
import type { PlacementFacts, PupilSnapshot } from '../../../src/domain/flags/snapshots';
import { T, exclusion, placement, pupilSnapshot, reintegration } from './fixtures';
import { cal } from './testCalendar';

const apPlacement = (startDate: string, over: Partial<PlacementFacts> = {}): PlacementFacts => {
  const { pupil: _p, ...p } = placement({ id: `ap-${startDate}`, startDate, plannedEndDate: null, ...over });
  return p;
};

describe('R1 failed reintegration (§9.8): the window’s first day and what is in it', () => {
  const failures = (over: Partial<PupilSnapshot>, asOf: string, r = reintegration()) =>
    ruleR1FailedReintegration(pupilSnapshot({ reintegrations: [r], ...over }), asOf, cal, T).map(
      (f) => f.evidence.failures,
    );

  it('a part-time timetable from the day of the return counts, judged that same day', () => {
    expect(failures({ partTimeTimetables: [{ startDate: '2025-11-03', endDate: null }] }, '2025-11-03')).toEqual([
      [{ kind: 'PART_TIME_TIMETABLE', date: '2025-11-03', detail: null }],
    ]);
  });

  it('a part-time timetable that began before the return is not a failure of it', () => {
    expect(failures({ partTimeTimetables: [{ startDate: '2025-10-06', endDate: null }] }, '2026-07-01')).toEqual([]);
  });

  it('suspensions totalling exactly 5 days are within the limit; the next day of suspension crosses it', () => {
    const exclusions = [
      exclusion({ id: 'a', startDate: '2025-11-10', schoolDays: 5 }),
      exclusion({ id: 'b', startDate: '2026-01-12', schoolDays: 1 }),
    ];
    expect(failures({ exclusions: exclusions.slice(0, 1) }, '2026-07-01')).toEqual([]);
    expect(failures({ exclusions }, '2026-07-01')).toEqual([
      [{ kind: 'SUSPENSIONS_OVER_LIMIT', date: '2026-01-12', detail: 6 }],
    ]);
  });

  it('a permanent exclusion is that, not suspension days, even with a day count on it', () => {
    const pex = exclusion({ kind: 'PERMANENT', startDate: '2026-01-12', schoolDays: 6 });
    expect(failures({ exclusions: [pex] }, '2026-07-01')).toEqual([
      [{ kind: 'PERMANENTLY_EXCLUDED', date: '2026-01-12', detail: null }],
    ]);
  });

  it('closed as broken down with a follow-up saying so: the follow-up is the evidence, not a separate mark', () => {
    const r = reintegration({ status: 'BROKEN_DOWN' });
    r.checkpoints[0] = { ...r.checkpoints[0]!, outcome: 'BROKEN_DOWN', reportedOn: '2025-12-15' };
    expect(failures({ placements: [apPlacement('2026-01-12')] }, '2026-07-01', r)).toEqual([
      [
        { kind: 'FOLLOW_UP_BROKEN_DOWN', date: '2025-12-15', detail: 'SIX_WEEKS' },
        { kind: 'RE_ENTERED_AP', date: '2026-01-12', detail: 'ap-2026-01-12' },
      ],
    ]);
  });

  it('failures are listed in date order whatever order they are found in; the first is named', () => {
    const s = pupilSnapshot({
      reintegrations: [reintegration()],
      placements: [apPlacement('2026-03-02')],
      exclusions: [exclusion({ kind: 'PERMANENT', startDate: '2025-12-01', schoolDays: null })],
      partTimeTimetables: [{ startDate: '2026-01-12', endDate: null }],
    });
    const [f] = ruleR1FailedReintegration(s, '2026-07-01', cal, T);
    expect(f?.evidence.firstFailureOn).toBe('2025-12-01');
    expect((f?.evidence.failures as { kind: string }[]).map((x) => x.kind)).toEqual([
      'PERMANENTLY_EXCLUDED',
      'PART_TIME_TIMETABLE',
      'RE_ENTERED_AP',
    ]);
  });

  it('a permanent exclusion and a new AP place on the same day: AP re-entry first', () => {
    const s = {
      placements: [apPlacement('2026-01-12')],
      exclusions: [exclusion({ kind: 'PERMANENT', startDate: '2026-01-12', schoolDays: null })],
    };
    expect(failures(s, '2026-07-01')).toEqual([
      [
        { kind: 'RE_ENTERED_AP', date: '2026-01-12', detail: 'ap-2026-01-12' },
        { kind: 'PERMANENTLY_EXCLUDED', date: '2026-01-12', detail: null },
      ],
    ]);
  });

  it('a return that has not happened yet is not judged, even if already marked broken down', () => {
    expect(failures({}, '2025-10-31', reintegration({ status: 'BROKEN_DOWN' }))).toEqual([]);
  });
});

describe('R4 September Guarantee and NEET count (§8.4, §9.8): Year 11 edges and the latest activity', () => {
  // Born 15 Mar 2010: Year 11 is 1 Sep 2025 – 31 Aug 2026; the guarantee is due by 30 Sep 2026.
  const leaver = (over: Partial<PupilSnapshot> = {}) =>
    pupilSnapshot({
      pupil: { dateOfBirth: '2010-03-15' },
      placements: [apPlacement('2025-09-03', { endDate: '2026-05-22', status: 'ENDED' })],
      ...over,
    });
  const keys = (s: PupilSnapshot, asOf: string) => ruleR4SeptemberGuarantee(s, asOf, cal, T).map((f) => f.periodKey);
  const offered = (activity: { status: 'EET' | 'NEET' | 'NOT_KNOWN'; recordedOn: string }[]) => ({
    post16: { septemberGuaranteeOfferOn: '2026-09-10', activity },
  });

  it('one AP placement in Year 11 is enough, whatever the pupil’s other placements', () => {
    const before = apPlacement('2024-09-04', { endDate: '2025-07-18', status: 'ENDED' });
    const inYear11 = apPlacement('2026-01-05', { endDate: '2026-05-22', status: 'ENDED' });
    expect(keys(leaver({ placements: [before, inYear11] }), '2026-10-01')).toEqual(['SEPTEMBER_GUARANTEE:2026']);
  });

  it('a placement starting on the last day of Year 11 (31 Aug 2026) counts', () => {
    expect(keys(leaver({ placements: [apPlacement('2026-08-31')] }), '2026-10-01')).toEqual([
      'SEPTEMBER_GUARANTEE:2026',
    ]);
  });

  it('no post-16 record at all in December: no offer, and not known', () => {
    const flags = ruleR4SeptemberGuarantee(leaver(), '2026-12-10', cal, T);
    expect(flags.map((f) => f.periodKey)).toEqual(['SEPTEMBER_GUARANTEE:2026', 'NEET_DEC_FEB:2026-27']);
    expect(flags[1]?.evidence).toEqual({ academicYear: '2026-27', status: 'NOT_KNOWN', recordedOn: null });
  });

  it('an activity recorded on the day counts', () => {
    expect(keys(leaver(offered([{ status: 'EET', recordedOn: '2026-12-15' }])), '2026-12-15')).toEqual([]);
  });

  it('the latest activity wins when recorded in date order', () => {
    const s = leaver(
      offered([
        { status: 'EET', recordedOn: '2026-11-01' },
        { status: 'NEET', recordedOn: '2026-12-15' },
      ]),
    );
    expect(keys(s, '2026-12-20')).toEqual(['NEET_DEC_FEB:2026-27']);
  });

  it('two activities on the same day: the one recorded last counts', () => {
    const s = leaver(
      offered([
        { status: 'NEET', recordedOn: '2026-12-15' },
        { status: 'EET', recordedOn: '2026-12-15' },
      ]),
    );
    expect(keys(s, '2026-12-20')).toEqual([]);
  });
});
