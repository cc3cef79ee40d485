import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger';
import { createPrisma } from '../../src/db/prisma';
import { makeFormatError } from '../../src/graphql/formatError';
import { translateDbError } from '../../src/record/dbErrors';
import type { PrismaClient } from '../../src/generated/prisma/client';
import { useApiWorld } from '../support/apiWorld';
import { IDS, makeUpn } from '../support/fixtures';
import { COMMISSION, unregisteredInput } from '../support/movements';

// Values a log must never show: each one is in a row that a constraint refuses below.
const SECRET = {
  firstName: 'Zebedee-Firstname-7731',
  lastName: 'Quillfeather-Surname-7731',
  objectives: 'Objectives: attend anger management at Ward 4B, 7731',
  plan: 'Reintegration via the Hartley nurture unit, 7731',
  lead: 'Safeguarding lead Mrs Ottoline Pennyworth-7731',
  note: 'Reason: disclosed at home visit 7731',
};
// Kept out of the calls below: Prisma's messages quote the calling source lines (our code, never data).
const DOB = '2011-04-03';

/** Every log line written, as text. */
function captureLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger('info', sink), text: () => lines.join('') };
}

describe('finding 8: rows quoted by database errors never reach the logs', () => {
  const ctx = useApiWorld();
  let app: PrismaClient;
  let placementId: string;
  let pupilId: string;
  let upn: string;
  const provoked: { kind: string; constraint: string; err: unknown }[] = [];

  beforeAll(async () => {
    app = createPrisma(ctx.db.appUrl, 2);
    upn = makeUpn();
    const pupil = await ctx.world.prisma.pupil.create({
      data: {
        upn,
        firstName: SECRET.firstName,
        lastName: SECRET.lastName,
        dateOfBirth: new Date(DOB),
        sex: 'F',
        homeLaId: IDS.laA,
      },
    });
    pupilId = pupil.id;
    await ctx.world.prisma.enrolment.create({
      data: { pupilId, schoolId: IDS.secondaryA, startDate: new Date('2022-09-01') },
    });
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
      input: unregisteredInput(pupilId, {
        objectives: SECRET.objectives,
        reintegrationPlan: SECRET.plan,
        safeguardingLead: SECRET.lead,
        hoursPerWeek: 25,
      }),
    });
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    placementId = r.data!.commissionPlacement.id;

    const attempt = async (kind: string, constraint: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (err) {
        provoked.push({ kind, constraint, err });
        return;
      }
      throw new Error(`${constraint} did not fire`);
    };
    const copyPlacement = (changes: Record<string, unknown>) =>
      app.$executeRawUnsafe(
        `INSERT INTO "Placement" SELECT (jsonb_populate_record(NULL::"Placement", to_jsonb(p) || $2::jsonb || jsonb_build_object('id', gen_random_uuid()))).* FROM "Placement" p WHERE id = $1::uuid`,
        placementId,
        JSON.stringify(changes),
      );
    // CHECK constraints (the row is quoted in full: "Failing row contains (…)").
    await attempt('check', 'Placement_reviewInterval_check', () =>
      app.placement.update({ where: { id: placementId }, data: { reviewIntervalSchoolDays: 99 } }),
    );
    await attempt('check', 'Pupil_upn_check', () =>
      app.pupil.update({ where: { id: pupilId }, data: { upn: 'not-a-upn' } }),
    );
    await attempt('check', 'Placement_reasonOther_check', () =>
      app.placement.update({ where: { id: placementId }, data: { reason: 'OTHER', reasonOther: ' ' } }),
    );
    await attempt('check', 'PupilEvent_reason_check', () =>
      app.pupilEvent.create({
        data: {
          pupilId,
          type: 'PUPIL_REGISTERED',
          occurredOn: new Date('2025-09-01'),
          reason: ' ',
          actorId: IDS.users.laOfficer,
          actorRole: 'LA_OFFICER',
          actorOrgId: IDS.laA,
          data: { note: SECRET.note },
        },
      }),
    );
    // NOT NULL (also "Failing row contains").
    await attempt('not-null', 'Pupil.firstName', () =>
      app.$executeRawUnsafe(`UPDATE "Pupil" SET "firstName" = NULL WHERE id = $1::uuid`, pupilId),
    );
    // Unique ("Key (upn)=(…) already exists").
    await attempt('unique', 'Pupil_upn_key', () =>
      app.pupil.create({
        data: {
          upn,
          firstName: SECRET.firstName,
          lastName: SECRET.lastName,
          dateOfBirth: new Date(DOB),
          sex: 'F',
          homeLaId: IDS.laA,
        },
      }),
    );
    // Foreign key ("Key (schoolId)=(…) is not present").
    await attempt('foreign-key', 'Enrolment_schoolId_fkey', () =>
      app.enrolment.create({
        data: { pupilId, schoolId: '00000000-0000-4000-8000-00000000f00d', startDate: new Date('2023-09-01') },
      }),
    );
    // Exclusion constraint ("Key (…)=(…) conflicts with existing key (…)"): the same provider, overlapping dates.
    await attempt('exclusion', 'Placement_no_overlap_same_provider', () =>
      copyPlacement({ hoursPerWeek: 2, previousPlacementId: null }),
    );
    // Triggers that raise: the full-time week, and append-only history.
    await attempt('trigger', 'Placement_concurrent_hours', () =>
      copyPlacement({
        hoursPerWeek: 20,
        providerId: IDS.unregSetting,
        providerUkprn: null,
        settingType: 'OTH',
        previousPlacementId: null,
      }),
    );
    await attempt('trigger', 'PupilEvent_append_only', () =>
      ctx.world.prisma.$executeRawUnsafe(
        `UPDATE "PupilEvent" SET reason = $2 WHERE "pupilId" = $1::uuid`,
        pupilId,
        SECRET.note,
      ),
    );
    // A retention approval cannot be withdrawn or changed (data protection, issue 15).
    const review = await ctx.world.prisma.retentionReview.create({
      data: {
        laId: IDS.laA,
        pupilId,
        dueOn: new Date('2026-09-01'),
        ruleId: 'RET1',
        foundOn: new Date('2026-09-02'),
        status: 'APPROVED',
        approvedBy: IDS.users.laOfficer,
        approvedAt: new Date('2026-09-03T10:00:00Z'),
        approvalReason: SECRET.note,
      },
    });
    await attempt('trigger', 'RetentionReview_forward_only', () =>
      ctx.world.prisma.$executeRawUnsafe(
        `UPDATE "RetentionReview" SET "approvedAt" = NULL, "approvedBy" = NULL, "approvalReason" = NULL, status = 'AWAITING_APPROVAL' WHERE id = $1::uuid`,
        review.id,
      ),
    );
    // A history received from another LA is read-only, and a transfer out only ever gains its return date
    // (issue 16 item 6); even with an approved anonymisation only the pack and its signed copy may change.
    const received = await ctx.world.prisma.receivedHistory.create({
      data: {
        pupilId,
        laId: IDS.laA,
        sendingLaCode: '886',
        sendingLaName: 'Kent',
        signerKid: 'kent-2026',
        signedAt: new Date('2026-06-01T10:00:00Z'),
        jti: '00000000-0000-4000-8000-0000000a0001',
        pack: { pupil: { lastName: SECRET.lastName } },
        jws: 'x.y.z',
        receivedBy: IDS.users.laOfficer,
      },
    });
    await attempt('trigger', 'ReceivedHistory_read_only', () =>
      ctx.world.prisma.$executeRawUnsafe(
        `UPDATE "ReceivedHistory" SET "sendingLaName" = $2 WHERE id = $1::uuid`,
        received.id,
        SECRET.note,
      ),
    );
    const out = await ctx.world.prisma.pupilTransferOut.create({
      data: {
        pupilId,
        fromLaId: IDS.laA,
        toLaCode: '886',
        kid: 'laA-2026',
        jti: '00000000-0000-4000-8000-0000000a0002',
        signedAt: new Date('2026-06-01T10:00:00Z'),
        expiresAt: new Date('2026-06-08T10:00:00Z'),
        createdBy: IDS.users.laOfficer,
      },
    });
    await attempt('trigger', 'PupilTransferOut_forward_only', () =>
      ctx.world.prisma.$executeRawUnsafe(
        `UPDATE "PupilTransferOut" SET "toLaCode" = '372' WHERE id = $1::uuid`,
        out.id,
      ),
    );
    // Bad input the database parses: the value is quoted back.
    await attempt('input-syntax', 'uuid', () =>
      app.$queryRawUnsafe(`SELECT 1 FROM "Pupil" WHERE id = $1::uuid`, SECRET.lastName),
    );
  });
  afterAll(async () => {
    await app?.$disconnect();
  });

  it('provokes every kind of constraint the migrations declare, and every trigger that raises', async () => {
    const kinds = await ctx.world.prisma.$queryRaw<{ contype: string }[]>`
      SELECT DISTINCT contype::text FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' AND contype <> 'p'`;
    const names: Record<string, string> = { c: 'check', u: 'unique', f: 'foreign-key', x: 'exclusion' };
    for (const k of kinds) expect(provoked.map((p) => p.kind)).toContain(names[k.contype] ?? k.contype);
    const raising = await ctx.world.prisma.$queryRaw<{ tgname: string }[]>`
      SELECT t.tgname FROM pg_trigger t JOIN pg_proc f ON f.oid = t.tgfoid
       WHERE NOT t.tgisinternal AND f.prosrc ILIKE '%RAISE EXCEPTION%' AND t.tgname IN ('Placement_concurrent_hours', 'PupilEvent_append_only', 'AuditEvent_append_only', 'RetentionReview_forward_only',
                         'ReceivedHistory_read_only', 'PupilTransferOut_forward_only')`;
    const allRaising = await ctx.world.prisma.$queryRaw<{ fn: string }[]>`
      SELECT DISTINCT f.proname AS fn FROM pg_trigger t JOIN pg_proc f ON f.oid = t.tgfoid WHERE NOT t.tgisinternal AND f.prosrc ILIKE '%RAISE EXCEPTION%'`;
    // Six raising trigger functions: the full-time week; append-only (the audit trail); append-only unless an
    // approved anonymisation rewrites free text (timeline, fair access decisions and responses); retention
    // approvals that only move forward; a received history that is read-only (but for an approved anonymisation);
    // a transfer out that only gains its return date.
    expect(allRaising.map((r) => r.fn).sort()).toEqual([
      'forbid_rewrite',
      'forbid_rewrite_unless_anonymising',
      'placement_hours_within_full_time',
      'received_history_read_only',
      'retention_review_forward_only',
      'transfer_out_forward_only',
    ]);
    expect(raising.length).toBe(6);
    expect(provoked.map((p) => p.constraint)).toEqual(
      expect.arrayContaining([
        'Placement_concurrent_hours',
        'PupilEvent_append_only',
        'RetentionReview_forward_only',
        'ReceivedHistory_read_only',
        'PupilTransferOut_forward_only',
      ]),
    );
  });

  it('the raw errors do quote the rows (so the redaction below is tested against real text)', () => {
    // Prisma keeps PostgreSQL's DETAIL in meta.driverAdapterError.cause.detail; a plain pino err serializer logs it.
    const raw = provoked.map((p) => inspect(p.err, { depth: 12 })).join('\n');
    expect(raw).toMatch(/Failing row contains/);
    expect(raw).toMatch(/Key \(/);
    for (const value of [SECRET.objectives, SECRET.lead, SECRET.firstName, DOB]) expect(raw).toContain(value);
  });

  it.each(['structured', 'formatError', 'message'] as const)(
    'no field value of any refused row is logged (%s)',
    (how) => {
      const { log, text } = captureLogger();
      const format = makeFormatError(log);
      for (const p of provoked) {
        const err = translateDbError(p.err);
        if (how === 'structured') {
          log.error({ err, constraint: p.constraint }, 'database refused a write');
          log.warn({ err: (err as Error).message, cause: (err as { cause?: unknown }).cause }, 'job failed');
        } else if (how === 'formatError') {
          format({ message: (err as Error).message }, err);
        } else {
          log.error(`write failed: ${(err as Error).message}`);
        }
      }
      const out = text();
      expect(out.length).toBeGreaterThan(provoked.length * 20);
      for (const value of [...Object.values(SECRET), upn, pupilId]) expect(out).not.toContain(value);
      expect(out).not.toContain(DOB);
    },
  );
});
