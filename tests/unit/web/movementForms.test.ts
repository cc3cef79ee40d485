import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { LABELS } from '../../../src/web/labels';
import { EXCLUSION_REASONS } from '../../../src/usecases/exclusions/recordExclusion';
import { correctable } from '../../../src/usecases/timeline/correctEvent';
import { correctionFieldsFor } from '../../../src/web/routes/pupils/correct';

describe('movement forms offer what the API takes', () => {
  it('the exclusion form lists exactly the DfE reason categories the API accepts, in its order', () => {
    expect(Object.keys(LABELS.exclusionReason!)).toEqual([...EXCLUSION_REASONS]);
  });

  it('the correction form offers, per event type, exactly the fields a correction may change', () => {
    for (const [type, shape] of Object.entries(correctable)) {
      const api = Object.keys((shape as unknown as z.ZodObject).shape).sort();
      expect(
        correctionFieldsFor(type)
          .map((f) => f.name)
          .sort(),
        type,
      ).toEqual(api);
    }
    expect(correctionFieldsFor('PLACEMENT_REVIEWED').map((f) => f.name)).toEqual(['note']);
  });

  it('every checkpoint outcome has words on the page', () => {
    expect(Object.keys(LABELS.checkpoint!)).toEqual(['SUSTAINED', 'BROKEN_DOWN', 'NOT_KNOWN']);
  });
});
