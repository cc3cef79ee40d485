import type { Ctx } from './context';
import { addDays } from './dates';
import type { Rng } from './random';
import type { PupilEventRow } from './types';

/**
 * A handful of CORRECTION events, as correctEvent writes them: the original event keeps what was
 * first keyed (a wrong number of hours, say) and the correction, pointing at it, carries the value
 * the record now holds.
 */
export function addCorrections(ctx: Ctx, rng: Rng, rows: PupilEventRow[]): PupilEventRow[] {
  const extra: PupilEventRow[] = [];
  const latest = addDays(ctx.today, -7);
  const officer = ctx.las.main.officer;
  const placements = new Map(ctx.data.placements.map((p) => [p.id, p] as const));
  const exclusions = new Map(ctx.data.exclusions.map((x) => [x.id, x] as const));
  const used = new Set<PupilEventRow>();
  const local = new Set(ctx.pupils.filter((p) => p.la === ctx.las.main).map((p) => p.row.id));
  const candidates = (type: string, ok: (r: PupilEventRow) => boolean = () => true) =>
    rows.filter(
      (r) =>
        r.type === type &&
        local.has(r.pupilId) &&
        r.recordedAt.slice(0, 10) <= latest &&
        r.recordedAt.slice(0, 10) > ctx.historyStart &&
        !used.has(r) &&
        ok(r),
    );

  const correct = (
    orig: PupilEventRow,
    correction: Record<string, string | number>,
    applied: boolean,
    reason: string,
  ) => {
    used.add(orig);
    const when = new Date(
      Date.parse(orig.recordedAt) + rng.int(1, 6) * 86_400_000 + rng.int(5, 300) * 60_000,
    ).toISOString();
    extra.push({
      id: ctx.id(),
      pupilId: orig.pupilId,
      type: 'CORRECTION',
      occurredOn: orig.occurredOn,
      recordedAt: when,
      actorId: officer.userId,
      actorRole: officer.role,
      actorOrgId: officer.orgId,
      reason,
      data: { correctedType: orig.type, correction, appliedToRecord: applied },
      placementId: orig.placementId ?? null,
      exclusionId: orig.exclusionId ?? null,
      reintegrationId: orig.reintegrationId ?? null,
      correctsEventId: orig.id,
    });
  };
  const pick = (list: PupilEventRow[]) => (list.length ? rng.pick(list) : null);

  for (let i = 0; i < 2; i++) {
    const r = pick(
      candidates(
        'PLACEMENT_STARTED',
        (x) =>
          !!x.placementId && !ctx.companions.has(x.placementId) && !ctx.placementMeta.get(x.placementId)!.hoursChange,
      ),
    );
    if (!r) continue;
    const right = placements.get(r.placementId!)!.hoursPerWeek;
    const wrong = right + 2.5 <= 32.5 ? right + 2.5 : right - 2.5;
    r.data = { ...r.data, hoursPerWeek: wrong };
    correct(
      r,
      { hoursPerWeek: right },
      true,
      `Hours were keyed as ${wrong}; the agreed timetable is ${right} hours a week.`,
    );
  }
  const s = pick(candidates('SUSPENSION_RECORDED', (x) => (exclusions.get(x.exclusionId!)?.schoolDays ?? 0) >= 1));
  if (s) {
    const days = exclusions.get(s.exclusionId!)!.schoolDays!;
    s.data = { ...s.data, schoolDays: days + 1, yearTotal: Number(s.data.yearTotal ?? days) + 1 };
    correct(
      s,
      { schoolDays: days },
      true,
      `The suspension letter gives ${days} school day${days === 1 ? '' : 's'}, not ${days + 1}.`,
    );
  }
  const ended = pick(
    candidates(
      'PLACEMENT_ENDED',
      (x) =>
        placements.get(x.placementId!)?.destination === 'OTHER' && !!placements.get(x.placementId!)?.destinationDetail,
    ),
  );
  if (ended) {
    const detail = placements.get(ended.placementId!)!.destinationDetail!;
    ended.data = { ...ended.data, destinationDetail: 'Other - see notes' };
    correct(ended, { destinationDetail: detail }, true, 'Destination detail completed from the closing review notes.');
  }
  const left = pick(candidates('LEFT_ROLL'));
  if (left)
    correct(
      left,
      { note: 'The deletion ground was confirmed in writing by the school on the same day.' },
      false,
      'Added the written confirmation of the deletion ground.',
    );
  const review = pick(candidates('PLACEMENT_REVIEWED'));
  if (review)
    correct(review, { note: 'The parent attended this review by phone.' }, false, 'Corrected who attended the review.');
  const reg = pick(candidates('ENROLLED', (x) => x.occurredOn > ctx.historyStart));
  if (reg)
    correct(
      reg,
      { note: 'Admission followed an in-year application through the LA.' },
      false,
      'Clarified the admission route.',
    );

  return [...rows, ...extra].sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0));
}
