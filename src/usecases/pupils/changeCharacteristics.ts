import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once, type Tx } from '../../record/idempotency';
import type { Clock } from '../../time/clock';
import { invalid } from '../../errors';
import { authorise } from '../../access/permissions';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { eventDateProblem, fromDb, toDb } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { CHARACTERISTIC_FIELDS, type Characteristics } from '../../domain/characteristics';
import { lockPupilInScope } from './lockPupil';
import { rebuildCharacteristicHistory } from './characteristicHistory';

const schema = z.object({
  pupilId: uuid,
  effectiveOn: isoDate,
  senStatus: z.enum(['NONE', 'SEN_SUPPORT', 'EHCP']).nullish(),
  lookedAfter: z.boolean().nullish(),
  socialCareStatus: z.enum(['NONE', 'CHILD_IN_NEED', 'CHILD_PROTECTION']).nullish(),
  fsmEligible: z.boolean().nullish(),
  ethnicityCode: z
    .string()
    .regex(/^[A-Z]{4}$/, 'Ethnicity is a 4-letter DfE code, e.g. WBRI.')
    .nullish(),
  reason: requiredText('A reason'),
});

const FIELDS = CHARACTERISTIC_FIELDS;

/** Characteristics change over time; each change is an event recording before and after. */
export async function changePupilCharacteristics(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'pupil.changeCharacteristics');
  const f = parseInput(schema, input);
  const changes = Object.fromEntries(FIELDS.filter((k) => f[k] !== undefined && f[k] !== null).map((k) => [k, f[k]]));
  if (Object.keys(changes).length === 0)
    throw invalid([{ field: 'input', message: 'Say which characteristic changed.' }]);
  return once(deps.prisma, actor, clientKey, 'changePupilCharacteristics', f, async (tx) => {
    const pupil = await lockPupilInScope(tx, actor, f.pupilId, 'pupil.changeCharacteristics');
    const dp = eventDateProblem(deps.clock, 'effectiveOn', f.effectiveOn, fromDb(pupil.dateOfBirth));
    if (dp) throw invalid([dp]);
    await applyCharacteristicChange(tx, actor, deps.clock, pupil, f.effectiveOn, changes, f.reason);
    await audit(tx, actor, 'pupil.characteristics', 'PUPIL', [pupil.id]);
    return { id: pupil.id };
  });
}

/**
 * Records one dated change of characteristics for a locked pupil, inside the caller's transaction: the
 * event (before and after), the rebuilt history spans, the values holding today, and the outbox row.
 * The one path for this use case and the characteristics import (src/import/characteristics).
 */
export async function applyCharacteristicChange(
  tx: Tx,
  actor: Actor,
  clock: Clock,
  pupil: Record<(typeof FIELDS)[number], unknown> & { id: string },
  effectiveOn: string,
  changes: Record<string, unknown>,
  reason: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const before = Object.fromEntries(Object.keys(changes).map((k) => [k, pupil[k as (typeof FIELDS)[number]]]));
  await appendPupilEvent(tx, actor, {
    pupilId: pupil.id,
    type: 'CHARACTERISTICS_CHANGED',
    occurredOn: toDb(effectiveOn),
    reason,
    data: { before, after: changes, ...extra } as never,
  });
  // The history as spans (reports count characteristics as at the day that matters), and the current
  // values as they hold today: a change back-dated behind a later one does not overwrite it.
  const current = Object.fromEntries(FIELDS.map((k) => [k, pupil[k]])) as unknown as Characteristics;
  const today = await rebuildCharacteristicHistory(tx, pupil.id, current, clock.today());
  await tx.pupil.update({ where: { id: pupil.id }, data: today });
  await writeOutbox(tx, 'pupil.changed', 'PUPIL', pupil.id, actor.laId);
}
