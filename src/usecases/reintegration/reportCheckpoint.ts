import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { authorise } from '../../access/permissions';
import { reintegrationScope } from '../../access/scope';
import { once } from '../../record/idempotency';
import { notFound, ruleBlocked, invalid } from '../../errors';
import { checkpointReportProblem, ruleR2ReintegrationStatus } from '../../domain/movements/reintegration';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { eventDateProblem, fromDb, fromDbOrNull, toDb } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';

const schema = z.object({
  reintegrationId: uuid,
  label: z.string().min(1),
  outcome: z.enum(['SUSTAINED', 'BROKEN_DOWN', 'NOT_KNOWN']),
  reportedOn: isoDate,
  reason: requiredText('A reason'),
});

export async function reportReintegrationCheckpoint(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'reintegration.report');
  const f = parseInput(schema, input);
  return once(deps.prisma, actor, clientKey, 'reportReintegrationCheckpoint', f, async (tx) => {
    const r = await tx.reintegration.findFirst({
      where: { AND: [{ id: f.reintegrationId }, reintegrationScope(actor, 'reintegration.report')] },
      include: { checkpoints: { orderBy: { schoolDays: 'asc' } }, pupil: true },
    });
    if (!r) throw notFound('reintegration');
    await tx.$queryRaw`SELECT id FROM "Reintegration" WHERE id = ${r.id}::uuid FOR UPDATE`;
    const dp = eventDateProblem(deps.clock, 'reportedOn', f.reportedOn, fromDb(r.pupil.dateOfBirth));
    if (dp) throw invalid([dp]);
    const states = r.checkpoints.map((c) => ({
      label: c.label,
      dueDate: fromDb(c.dueDate),
      isFinal: c.isFinal,
      outcome: c.outcome,
    }));
    const problem = checkpointReportProblem(states, f.label, f.outcome, f.reportedOn, fromDb(r.startDate));
    if (problem) throw ruleBlocked('R2', problem.replace(/\.$/, ''));
    const cp = r.checkpoints.find((c) => c.label === f.label)!;
    await tx.reintegrationCheckpoint.update({
      where: { id: cp.id },
      data: { outcome: f.outcome, reportedOn: toDb(f.reportedOn), reason: f.reason },
    });
    const status = ruleR2ReintegrationStatus(
      states.map((s) => (s.label === f.label ? { ...s, outcome: f.outcome } : s)),
    );
    await tx.reintegration.update({ where: { id: r.id }, data: { status } });
    await appendPupilEvent(tx, actor, {
      pupilId: r.pupilId,
      type: 'REINTEGRATION_CHECKPOINT_REPORTED',
      occurredOn: toDb(f.reportedOn),
      reason: f.reason,
      reintegrationId: r.id,
      placementId: r.placementId,
      data: {
        label: f.label,
        outcome: f.outcome,
        dueDate: fromDbOrNull(cp.dueDate),
        status,
        ...(cp.outcome === 'NOT_KNOWN' ? { replacesNotKnownOf: fromDbOrNull(cp.reportedOn) } : {}),
      },
    });
    await writeOutbox(tx, 'reintegration.changed', 'REINTEGRATION', r.id, actor.laId);
    await audit(tx, actor, 'reintegration.checkpoint', 'REINTEGRATION', [r.id, r.pupilId]);
    return { id: r.id };
  });
}
