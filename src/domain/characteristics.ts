import { addDays, type IsoDate } from './dates';

/**
 * Pupil characteristics over time (domain.md §8: reports by SEN status, EHCP, looked-after, FSM,
 * ethnicity). Each change is recorded with the day it took effect, which may be back-dated; reports
 * count a pupil by the characteristics that held on the day that matters (the movement, the roll).
 */
export const CHARACTERISTIC_FIELDS = [
  'senStatus',
  'lookedAfter',
  'socialCareStatus',
  'fsmEligible',
  'ethnicityCode',
] as const;
export type CharacteristicField = (typeof CHARACTERISTIC_FIELDS)[number];

export interface Characteristics {
  senStatus: 'NONE' | 'SEN_SUPPORT' | 'EHCP';
  lookedAfter: boolean;
  socialCareStatus: 'NONE' | 'CHILD_IN_NEED' | 'CHILD_PROTECTION';
  fsmEligible: boolean;
  ethnicityCode: string | null;
}

/** A recorded change, in the order it was recorded. */
export interface CharacteristicChange {
  effectiveOn: IsoDate;
  before: Partial<Characteristics>;
  after: Partial<Characteristics>;
}

/** Characteristics holding from `from` (null: since the record began) until the day before `until` (null: still). */
export interface CharacteristicSpan extends Characteristics {
  from: IsoDate | null;
  until: IsoDate | null;
}

/**
 * Rule "characteristics as at a date": each field takes the value of the last change to it effective on
 * or before the date (two changes effective the same day: the later recorded wins); before its first
 * effective change, the value the pupil had when changes began to be recorded (the "before" of the
 * earliest recorded change to it, since a back-dated change's "before" is whatever was current when it
 * was recorded); a field never changed keeps `current`. Fields change independently.
 * `changes` must be in recorded order.
 */
export function characteristicsAsAt(
  current: Characteristics,
  changes: readonly CharacteristicChange[],
  date: IsoDate,
): Characteristics {
  const out = { ...current } as Record<CharacteristicField, unknown>;
  for (const f of CHARACTERISTIC_FIELDS) {
    const mine = changes.filter((c) => f in c.after);
    if (mine.length === 0) continue;
    let value = f in mine[0]!.before ? mine[0]!.before[f] : current[f];
    let at: IsoDate | null = null;
    for (const c of mine) {
      // Stable: among equal dates the later recorded (later in the array) wins.
      if (c.effectiveOn <= date && (at === null || c.effectiveOn >= at)) {
        value = c.after[f];
        at = c.effectiveOn;
      }
    }
    out[f] = value;
  }
  return out as unknown as Characteristics;
}

/**
 * The pupil's characteristics as spans tiling all time, one per stretch with the same values (adjacent
 * equal spans merged): what the reports join on. Empty when nothing was ever changed (the current
 * values have always held).
 */
export function characteristicSpans(
  current: Characteristics,
  changes: readonly CharacteristicChange[],
): CharacteristicSpan[] {
  if (changes.length === 0) return [];
  const days = [...new Set(changes.map((c) => c.effectiveOn))].sort();
  const spans: CharacteristicSpan[] = [];
  const starts: (IsoDate | null)[] = [null, ...days];
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i]!;
    const until = starts[i + 1] ?? null;
    // The values on the span's first day (for the first span, the day before the earliest change).
    const values =
      from === null
        ? characteristicsAsAt(current, changes, addDays(days[0]!, -1))
        : characteristicsAsAt(current, changes, from);
    const last = spans[spans.length - 1];
    if (last && CHARACTERISTIC_FIELDS.every((f) => last[f] === values[f])) last.until = until;
    else spans.push({ ...values, from, until });
  }
  return spans;
}
