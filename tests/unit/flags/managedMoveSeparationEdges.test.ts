/**
 * The edges of O7, O7b and SEP1 (domain.md §5.3, §9.5, §10.2) that law2026Rules.test.ts and
 * separationRules.test.ts leave open, found by Stryker's survivors (docs/testing.md): a move agreed on the
 * evaluation day or after it, the 2026 guidance named in the evidence, O7b's evidence word for word, and a
 * separated pupil past compulsory school age (the LA's s19 duty is to children of compulsory school age).
 */
import { describe, expect, it } from 'vitest';
import {
  ruleO7TrialManagedMove,
  ruleO7bManagedMoveAdmissionPriority,
} from '../../../src/domain/flags/managedMoveRules';
import { ruleSep1SeparationNoEducation } from '../../../src/domain/flags/separationRules';
import type { ManagedMoveFacts } from '../../../src/domain/flags/snapshots';
import { T, pupilSnapshot } from './fixtures';
import { cal } from './testCalendar';

const GUIDANCE_2026 = 'Suspension and permanent exclusion guidance 2026, in force 26 July 2026 (domain.md §10.2)';

const move = (over: Partial<ManagedMoveFacts> = {}): ManagedMoveFacts => ({
  id: 'mm-1',
  fromSchoolId: 'school-a',
  toSchoolId: 'school-b',
  agreedOn: '2026-09-07',
  startDate: '2026-09-14',
  recordedAsTrial: false,
  trialEndsOn: null,
  automaticReturn: false,
  admissionPriorityGiven: false,
  receivingSchoolOversubscribed: false,
  ...over,
});
const o7 = (m: ManagedMoveFacts, asOf: string) =>
  ruleO7TrialManagedMove(pupilSnapshot({ managedMoves: [m] }), asOf, cal, T);
const o7b = (m: ManagedMoveFacts, asOf: string) =>
  ruleO7bManagedMoveAdmissionPriority(pupilSnapshot({ managedMoves: [m] }), asOf, cal, T);

describe('O7 trial managed move (§5.3, §10.2)', () => {
  it('is judged from the day the move is agreed, naming the guidance it breaks', () => {
    const [f] = o7(move({ recordedAsTrial: true, trialEndsOn: '2026-12-18' }), '2026-09-07');
    expect(f?.evidence).toEqual({
      managedMoveId: 'mm-1',
      agreedOn: '2026-09-07',
      startDate: '2026-09-14',
      problems: ['RECORDED_AS_TRIAL', 'TRIAL_END_DATE'],
      trialEndsOn: '2026-12-18',
      fromSchoolId: 'school-a',
      toSchoolId: 'school-b',
      judgedUnder: GUIDANCE_2026,
    });
  });
});

describe('O7b admission priority by an oversubscribed school (§5.3, §10.2)', () => {
  const priority = move({ admissionPriorityGiven: true, receivingSchoolOversubscribed: true });

  it('flagged from the day the move is agreed, with the schools and the guidance', () => {
    const [f] = o7b(priority, '2026-09-07');
    expect(f?.evidence).toEqual({
      managedMoveId: 'mm-1',
      agreedOn: '2026-09-07',
      toSchoolId: 'school-b',
      fromSchoolId: 'school-a',
      judgedUnder: GUIDANCE_2026,
    });
    expect(f?.evidenceScore).toBe(1);
  });

  it('not before the move is agreed', () => {
    expect(o7b(priority, '2026-09-06')).toEqual([]);
  });
});

describe('SEP1 safeguarding separation (§10.2): the s19 duty is to children of compulsory school age', () => {
  it('a sixth-former past compulsory school age (ended Fri 26 Jun 2026) separated on Wed 21 Oct: no flag on day 6', () => {
    const s = pupilSnapshot({
      pupil: { dateOfBirth: '2010-06-01' },
      separations: [
        {
          id: 'sep-1',
          schoolId: 'school-h',
          startDate: '2026-10-21',
          endDate: null,
          reasonCategory: 'RISK_OF_HARM_TO_PUPIL',
        },
      ],
    });
    expect(ruleSep1SeparationNoEducation(s, '2026-11-04', cal, T)).toEqual([]);
    // The same separation of a Year 10 pupil is flagged that day.
    const y10 = { ...s, pupil: { ...s.pupil, dateOfBirth: '2011-05-10' } };
    expect(ruleSep1SeparationNoEducation(y10, '2026-11-04', cal, T)[0]?.evidence).toEqual({
      separationId: 'sep-1',
      separatedFrom: '2026-10-21',
      reasonCategory: 'RISK_OF_HARM_TO_PUPIL',
      educationDueBy: '2026-11-04',
      provisionSchoolDay: 6,
      schoolDaysWithoutEducation: 1,
    });
  });
});
