import { describe, expect, it } from 'vitest';
import { disproportionalityRatio, per100, reintegrationRate, round, share } from '../../../src/domain/reports/rates';

describe('rates: undefined is null, never zero', () => {
  it('reintegration rate = sustained / (sustained + broken down); pending is left out', () => {
    expect(reintegrationRate(3, 1)).toBe(0.75);
    expect(reintegrationRate(0, 2)).toBe(0);
    expect(reintegrationRate(0, 0)).toBeNull();
  });

  it('disproportionality: share among those moved over share on the roll', () => {
    // 2 of 4 moved have an EHCP; 50 of 1000 on roll do: 0.5 / 0.05 = 10.
    expect(disproportionalityRatio(2, 4, 50, 1000)).toBeCloseTo(10, 10);
    expect(disproportionalityRatio(1, 4, 250, 1000)).toBe(1);
    expect(disproportionalityRatio(0, 4, 50, 1000)).toBe(0);
    expect(disproportionalityRatio(0, 0, 50, 1000)).toBeNull();
    expect(disproportionalityRatio(1, 4, 0, 1000)).toBeNull();
  });

  it('share and per 100', () => {
    expect(share(1, 4)).toBe(0.25);
    expect(share(1, 0)).toBeNull();
    expect(per100(3, 1000)).toBeCloseTo(0.3, 10);
    expect(per100(3, 0)).toBeNull();
  });

  it('disproportionality is undefined when the roll is empty (not infinite)', () => {
    expect(disproportionalityRatio(1, 2, 0, 0)).toBeNull();
  });

  it('rounds for display to 3 places unless told, keeping null', () => {
    expect(round(2 / 3)).toBe(0.667);
    expect(round(2 / 3, 1)).toBe(0.7);
    expect(round(0.0004)).toBe(0);
    expect(round(null)).toBeNull();
  });
});
