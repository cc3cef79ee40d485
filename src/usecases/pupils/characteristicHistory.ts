import type { Prisma } from '../../generated/prisma/client';
import {
  characteristicSpans,
  characteristicsAsAt,
  CHARACTERISTIC_FIELDS,
  type CharacteristicChange,
  type Characteristics,
} from '../../domain/characteristics';
import { fromDb, toDb } from '../dates';

/**
 * Rewrites a pupil's characteristic spans from all their CHARACTERISTICS_CHANGED events (in recorded
 * order), and returns the values holding today (England's date, given by the caller's clock), which become the pupil's current values (a back-dated
 * change must not overwrite a later one). Runs inside the caller's transaction, with the pupil locked.
 */
export async function rebuildCharacteristicHistory(
  tx: Prisma.TransactionClient,
  pupilId: string,
  current: Characteristics,
  today: string,
): Promise<Characteristics> {
  const events = await tx.pupilEvent.findMany({
    where: { pupilId, type: 'CHARACTERISTICS_CHANGED' },
    orderBy: { seq: 'asc' },
    select: { occurredOn: true, data: true },
  });
  const changes: CharacteristicChange[] = events.map((e) => {
    const data = e.data as { before?: Partial<Characteristics>; after?: Partial<Characteristics> };
    return { effectiveOn: fromDb(e.occurredOn), before: data.before ?? {}, after: data.after ?? {} };
  });
  const spans = characteristicSpans(current, changes);
  await tx.pupilCharacteristicSpan.deleteMany({ where: { pupilId } });
  if (spans.length) {
    await tx.pupilCharacteristicSpan.createMany({
      data: spans.map((s) => ({
        pupilId,
        validFrom: s.from ? toDb(s.from) : null,
        validUntil: s.until ? toDb(s.until) : null,
        ...Object.fromEntries(CHARACTERISTIC_FIELDS.map((f) => [f, s[f]])),
      })) as Prisma.PupilCharacteristicSpanCreateManyInput[],
    });
  }
  return characteristicsAsAt(current, changes, today);
}
