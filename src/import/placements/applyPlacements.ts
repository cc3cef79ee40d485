import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { PrismaClient } from '../../generated/prisma/client';
import type { SchoolCalendar } from '../../domain/calendar';
import { legalBasisFor } from '../../domain/movements/legalBasis';
import { ruleP2NextReviewDue } from '../../domain/movements/schedule';
import { validateUpn } from '../../domain/identifiers';
import { copyRows, giveWay, updateRows } from '../sqlBatch';
import type { CheckedRow } from './checkPlacements';

export interface BatchActor {
  batchId: string;
  laId: string;
  actorId: string;
  actorRole: string;
  actorOrgId: string | null;
  fileName: string;
  today: string;
}

export const PUPIL_COLS = [
  ['id', 'uuid'],
  ['upn', 'text'],
  ['upnIsTemporary', 'boolean'],
  ['firstName', 'text'],
  ['lastName', 'text'],
  ['dateOfBirth', 'date'],
  ['sex', 'enum:Sex'],
  ['homeLaId', 'uuid'],
] as const;

export const PLACEMENT_COLS = [
  ['id', 'uuid'],
  ['pupilId', 'uuid'],
  ['providerId', 'uuid'],
  ['laId', 'uuid'],
  ['commissionerKind', 'enum:CommissionerKind'],
  ['commissioningSchoolId', 'uuid'],
  ['reason', 'enum:PlacementReason'],
  ['reasonOther', 'text'],
  ['legalBasis', 'enum:LegalBasis'],
  ['tier', 'enum:ApTier'],
  ['providerUrn', 'text'],
  ['providerUkprn', 'text'],
  ['settingType', 'text'],
  ['startDate', 'date'],
  ['plannedEndDate', 'date'],
  ['endDate', 'date'],
  ['hoursPerWeek', 'numeric'],
  ['registration', 'enum:PlacementRegistration'],
  ['objectives', 'text'],
  ['reintegrationPlan', 'text'],
  ['registrationConfirmed', 'boolean'],
  ['safeguardingConfirmedOn', 'date'],
  ['nextReviewDue', 'date'],
  ['directionNoticeDate', 'date'],
  ['status', 'enum:PlacementStatus'],
  ['destination', 'enum:Destination'],
  ['imported', 'boolean'],
] as const;

// What a corrected row may change; the natural key (pupil, provider, start date) never changes.
const UPDATABLE = PLACEMENT_COLS.filter(([n]) =>
  [
    'commissionerKind',
    'commissioningSchoolId',
    'reason',
    'reasonOther',
    'legalBasis',
    'tier',
    'plannedEndDate',
    'endDate',
    'hoursPerWeek',
    'registration',
    'objectives',
    'reintegrationPlan',
    'safeguardingConfirmedOn',
    'directionNoticeDate',
    'status',
    'destination',
  ].includes(n),
);

export const EVENT_COLS = [
  ['id', 'uuid'],
  ['pupilId', 'uuid'],
  ['type', 'text'],
  ['occurredOn', 'date'],
  ['actorId', 'text'],
  ['actorRole', 'enum:Role'],
  ['actorOrgId', 'text'],
  ['reason', 'text'],
  ['data', 'jsonb'],
  ['placementId', 'uuid'],
  ['correctsEventId', 'uuid'],
] as const;

export const OUTBOX_COLS = [
  ['type', 'text'],
  ['aggregateType', 'text'],
  ['aggregateId', 'uuid'],
  ['laId', 'uuid'],
] as const;

function placementValues(c: CheckedRow, id: string, pupilId: string, laId: string, cal: SchoolCalendar): unknown[] {
  const r = c.row;
  const basis = legalBasisFor(
    r.reason,
    r.commissioner,
    r.reason === 'EHCP_NAMED' ? 'EHCP' : (c.pupil?.senStatus ?? 'NONE'),
  );
  const ident = r.providerUrn
    ? [r.providerUrn, null, null]
    : r.providerUkprn
      ? [null, r.providerUkprn, null]
      : [null, null, r.settingType];
  const values: Record<string, unknown> = {
    id,
    pupilId,
    providerId: c.provider.id,
    laId,
    commissionerKind: r.commissioner,
    commissioningSchoolId: c.schoolId,
    reason: r.reason,
    reasonOther: r.reasonOther,
    legalBasis: basis.ok ? basis.legalBasis : 'S19_OTHER',
    tier: r.tier,
    providerUrn: ident[0],
    providerUkprn: ident[1],
    settingType: ident[2],
    startDate: r.startDate,
    plannedEndDate: r.plannedEndDate,
    endDate: r.endDate,
    hoursPerWeek: r.hoursPerWeek,
    registration: r.registration,
    objectives: r.objectives,
    reintegrationPlan: r.reintegrationPlan,
    registrationConfirmed: false,
    safeguardingConfirmedOn: r.safeguardingConfirmedOn,
    nextReviewDue: ruleP2NextReviewDue(cal, r.startDate, 30),
    directionNoticeDate: r.directionNoticeDate,
    status: r.endDate ? 'ENDED' : 'OPEN',
    destination: r.destination,
    imported: true,
  };
  return PLACEMENT_COLS.map(([n]) => values[n]);
}

/** Milliseconds spent per step, summed over the chunks (the bench prints it: docs/import.md, Speed). */
export type ImportProfile = Record<string, number>;

/** Runs `fn`, adding its time to `profile[step]` when a profile is being kept. */
export async function timed<T>(profile: ImportProfile | undefined, step: string, fn: () => Promise<T> | T): Promise<T> {
  if (!profile) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    profile[step] = (profile[step] ?? 0) + (performance.now() - t0);
  }
}

export interface ApplyCounts {
  created: number;
  updated: number;
  pupilsCreated: number;
}

/**
 * Writes the accepted rows inside the caller's transaction (`db`, the `pg` connection holding it), a chunk
 * at a time: new pupils, placements marked as imported with their PLACEMENT_STARTED (and PLACEMENT_ENDED)
 * events, corrections of rows whose facts changed since the last import (a CORRECTION event pointing at
 * the original), outbox rows so the flags follow, and the natural keys — each table by COPY. `accepted`
 * yields the chunks as the rows are checked; `between` runs after each chunk (progress, cancellation).
 */
export async function applyPlacements(
  db: pg.ClientBase,
  prisma: Pick<PrismaClient, 'placement'>,
  who: BatchActor,
  accepted: AsyncIterable<CheckedRow[]>,
  cal: SchoolCalendar,
  between: (done: number) => Promise<void>,
  profile?: ImportProfile,
): Promise<ApplyCounts> {
  const reason = `Imported from ${who.fileName} (import ${who.batchId})`;
  const actorCols = [who.actorId, who.actorRole, who.actorOrgId];
  const counts: ApplyCounts = { created: 0, updated: 0, pupilsCreated: 0 };
  const newPupils = new Map<string, string>();
  let done = 0;

  // Chunk n+1 is checked and built in Node while chunk n's statements run in PostgreSQL: `pending` is the
  // previous chunk's writes, awaited only after the next chunk is built (statements still run in order
  // on the one transaction's connection, and a failure or a cancel still stops the loop at that chunk).
  let pending: Promise<void> | undefined;
  try {
    for await (const chunk of accepted) {
      // What a corrected row held before (rows of earlier batches, committed: an import holds its LA's lock).
      const updateIds = chunk.filter((r) => r.action === 'UPDATE').map((r) => r.existing!.placementId);
      const previous = new Map(
        updateIds.length
          ? (await prisma.placement.findMany({ where: { id: { in: updateIds } } })).map((p) => [p.id, p])
          : [],
      );
      const t0 = performance.now();
      const pupils: unknown[][] = [];
      const placements: unknown[][] = [];
      const updates: unknown[][] = [];
      const events: unknown[][] = [];
      const outbox: unknown[][] = [];
      const marks: unknown[][] = [];
      const markUpdates: unknown[][] = [];
      for (let k = 0; k < chunk.length; k++) {
        // Building also gives way now and then, so the previous chunk's next statement goes out promptly.
        if (k % 250 === 249) await giveWay();
        const c = chunk[k]!;
        if (c.action === 'UNCHANGED') continue;
        const r = c.row;
        let pupilId = c.pupil?.id ?? newPupils.get(r.upn);
        if (!pupilId) {
          pupilId = randomUUID();
          newPupils.set(r.upn, pupilId);
          const upn = validateUpn(r.upn);
          pupils.push([
            pupilId,
            r.upn,
            upn.ok && upn.temporary,
            r.firstName,
            r.lastName,
            r.dateOfBirth,
            r.sex,
            who.laId,
          ]);
          events.push([
            randomUUID(),
            pupilId,
            'PUPIL_REGISTERED',
            who.today,
            ...actorCols,
            reason,
            JSON.stringify({ imported: true, importBatchId: who.batchId, line: c.line }),
            null,
            null,
          ]);
          outbox.push(['pupil.changed', 'PUPIL', pupilId, who.laId]);
        }
        const common = { imported: true, importBatchId: who.batchId, line: c.line };
        if (c.action === 'CREATE') {
          const id = randomUUID();
          const started = randomUUID();
          placements.push(placementValues(c, id, pupilId, who.laId, cal));
          events.push([
            started,
            pupilId,
            'PLACEMENT_STARTED',
            r.startDate,
            ...actorCols,
            reason,
            JSON.stringify({
              providerId: c.provider.id,
              reason: r.reason,
              tier: r.tier,
              hoursPerWeek: r.hoursPerWeek,
              commissionerKind: r.commissioner,
              commissioningSchoolId: c.schoolId,
              previousPlacementId: null,
              followUps: c.followUps,
              ...common,
            }),
            id,
            null,
          ]);
          if (r.endDate)
            events.push([
              randomUUID(),
              pupilId,
              'PLACEMENT_ENDED',
              r.endDate,
              ...actorCols,
              reason,
              JSON.stringify({
                destination: r.destination,
                destinationSchoolId: null,
                destinationDetail: null,
                ...common,
              }),
              id,
              null,
            ]);
          outbox.push(['placement.changed', 'PLACEMENT', id, who.laId]);
          marks.push([id, who.laId, c.naturalKey, c.rowHash, who.batchId, who.batchId, started]);
          counts.created += 1;
        } else {
          const id = c.existing!.placementId;
          const values = placementValues(c, id, pupilId, who.laId, cal);
          const before = previous.get(id) as Record<string, unknown> | undefined;
          const changes: Record<string, { from: unknown; to: unknown }> = {};
          UPDATABLE.forEach(([n]) => {
            const to = values[PLACEMENT_COLS.findIndex(([m]) => m === n)];
            const raw = before?.[n];
            const from = raw instanceof Date ? raw.toISOString().slice(0, 10) : raw == null ? null : String(raw);
            if (String(to ?? '') !== String(from ?? '') && !(n === 'hoursPerWeek' && Number(from) === Number(to)))
              changes[n] = { from, to };
          });
          updates.push([id, ...UPDATABLE.map(([n]) => values[PLACEMENT_COLS.findIndex(([m]) => m === n)])]);
          events.push([
            randomUUID(),
            pupilId,
            'CORRECTION',
            who.today,
            ...actorCols,
            reason,
            JSON.stringify({ correctedType: 'PLACEMENT_STARTED', correction: changes, ...common }),
            id,
            c.existing!.startedEventId,
          ]);
          outbox.push(['placement.changed', 'PLACEMENT', id, who.laId]);
          markUpdates.push([id, c.rowHash, who.batchId]);
          counts.updated += 1;
        }
      }
      if (profile)
        profile['write: build rows (Node)'] = (profile['write: build rows (Node)'] ?? 0) + performance.now() - t0;
      if (pending) await pending;
      pending = writeChunk(chunk.length, pupils, placements, updates, events, outbox, marks, markUpdates);
      // Awaited on the next turn; until then a failure must not surface as an unhandled rejection.
      pending.catch(() => undefined);
    }
    if (pending) await pending;
  } finally {
    // Checking failed or was stopped: let the chunk in flight end before the caller rolls back.
    await pending?.catch(() => undefined);
  }
  return counts;

  async function writeChunk(
    size: number,
    pupils: unknown[][],
    placements: unknown[][],
    updates: unknown[][],
    events: unknown[][],
    outbox: unknown[][],
    marks: unknown[][],
    markUpdates: unknown[][],
  ): Promise<void> {
    counts.pupilsCreated += await timed(profile, 'write: Pupil', () => copyRows(db, 'Pupil', PUPIL_COLS, pupils));
    await timed(profile, 'write: Placement', () => copyRows(db, 'Placement', PLACEMENT_COLS, placements));
    await timed(profile, 'write: Placement updates', () =>
      updateRows(db, 'Placement', ['id', 'uuid'], UPDATABLE, updates),
    );
    await timed(profile, 'write: PupilEvent', () => copyRows(db, 'PupilEvent', EVENT_COLS, events));
    await timed(profile, 'write: OutboxEvent', () => copyRows(db, 'OutboxEvent', OUTBOX_COLS, outbox));
    await timed(profile, 'write: ImportedPlacement', () =>
      copyRows(
        db,
        'ImportedPlacement',
        [
          ['placementId', 'uuid'],
          ['laId', 'uuid'],
          ['naturalKey', 'text'],
          ['rowHash', 'text'],
          ['firstBatchId', 'uuid'],
          ['lastBatchId', 'uuid'],
          ['startedEventId', 'uuid'],
        ],
        marks,
      ),
    );
    await updateRows(
      db,
      'ImportedPlacement',
      ['placementId', 'uuid'],
      [
        ['rowHash', 'text'],
        ['lastBatchId', 'uuid'],
      ],
      markUpdates,
    );
    done += size;
    await timed(profile, 'write: progress and cancel check', () => between(done));
  }
}
