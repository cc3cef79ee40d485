import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { addPupil, IDS } from '../support/fixtures';
import { COMMISSION, placementInput } from '../support/movements';

const SAR = `query ($id: UUID!) { subjectAccessExport(pupilId: $id) { pupilId generatedAt format sections { name records } document } }`;

/**
 * Subject access request: one export of everything held about a pupil and everyone who read or
 * changed their record, for LA officers of an LA holding the record; itself audited.
 */
describe('subject access request', () => {
  const ctx = useApiWorld({
    setup: async (world) => {
      const subject = await addPupil(world.prisma, { schoolId: IDS.secondaryA, firstName: 'Subject' });
      const other = await addPupil(world.prisma, { schoolId: IDS.secondaryA, firstName: 'Other' });
      return { subject, other };
    },
  });

  it('exports the record, its history and its access log, and nothing about anyone else', async () => {
    const { world, api, subject, other } = ctx;
    const placed = await api.gql(world.tokens.laOfficer, COMMISSION, { input: placementInput(subject.id) });
    expect(placed.errors).toBeUndefined();
    const placementId = placed.data!.commissionPlacement.id as string;
    const otherPlaced = await api.gql(world.tokens.laOfficer, COMMISSION, { input: placementInput(other.id) });
    expect(otherPlaced.errors).toBeUndefined();
    // Readers: the school (pupil on its roll) and the provider (placement with it).
    expect(
      (await api.gql(world.tokens.secondaryStaff, `query ($id: UUID!) { pupil(id: $id) { upn } }`, { id: subject.id }))
        .errors,
    ).toBeUndefined();
    expect(
      (await api.gql(world.tokens.pruStaff, `query ($id: UUID!) { placement(id: $id) { id } }`, { id: placementId }))
        .errors,
    ).toBeUndefined();

    const r = await api.gql(world.tokens.laOfficer, SAR, { id: subject.id });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const x = r.data!.subjectAccessExport;
    expect(x.format).toBe('ap-movement-tracker/subject-access/v1');
    const doc = x.document;
    expect(doc.pupil).toMatchObject({
      id: subject.id,
      upn: subject.upn,
      firstName: 'Subject',
      lastName: subject.lastName,
    });
    expect(doc.sections.enrolments).toHaveLength(1);
    expect(doc.sections.enrolments[0].school.name).toBe('Hillside Secondary');
    expect(doc.sections.placements.map((p: { id: string }) => p.id)).toEqual([placementId]);
    expect(doc.sections.placements[0].provider.name).toBe('Northside PRU');
    expect(doc.sections.timeline.map((e: { type: string }) => e.type)).toContain('PLACEMENT_STARTED');
    expect(x.sections).toEqual(
      Object.entries(doc.sections).map(([name, rows]) => ({ name, records: (rows as unknown[]).length })),
    );

    const log = doc.sections.accessLog as {
      operation: string;
      kind: string;
      actor: { id: string; name: string; email: string; role: string; organisation: string };
    }[];
    const who = (userId: string) => log.filter((l) => l.actor.id === userId);
    expect(who(IDS.users.laOfficer).some((l) => l.kind === 'CHANGE' && l.operation === 'placement.open')).toBe(true);
    expect(who(IDS.users.secondaryStaff)).toContainEqual(
      expect.objectContaining({
        kind: 'READ',
        operation: 'pupil.read',
        actor: expect.objectContaining({
          email: 'secondaryStaff@test.invalid',
          role: 'SCHOOL_STAFF',
          organisation: 'Hillside Secondary',
        }),
      }),
    );
    expect(who(IDS.users.pruStaff)).toContainEqual(
      expect.objectContaining({
        kind: 'READ',
        operation: 'placement.read',
        actor: expect.objectContaining({ role: 'PROVIDER_STAFF', organisation: 'Northside PRU' }),
      }),
    );
    // The export is itself audited, and lists itself.
    expect(who(IDS.users.laOfficer).filter((l) => l.operation === 'pupil.subjectAccessExport')).toHaveLength(1);
    expect(
      await world.prisma.auditEvent.count({
        where: {
          operation: 'pupil.subjectAccessExport',
          actorId: IDS.users.laOfficer,
          subjectIds: { has: subject.id },
        },
      }),
    ).toBe(1);

    // Nothing about the other pupil: not their name, not their ids, not their placement.
    const text = JSON.stringify(doc);
    expect(text).not.toContain(other.id);
    expect(text).not.toContain(other.upn);
    expect(text).not.toContain(otherPlaced.data!.commissionPlacement.id);

    const again = await api.gql(world.tokens.laOfficer, SAR, { id: subject.id });
    expect(
      (again.data!.subjectAccessExport.document.sections.accessLog as { operation: string }[]).filter(
        (l) => l.operation === 'pupil.subjectAccessExport',
      ),
    ).toHaveLength(2);
  });

  it('covers every table that holds a pupil id', async () => {
    const { world, api, subject } = ctx;
    const tables = await world.prisma.$queryRaw<{ t: string }[]>`
      SELECT table_name AS t FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'pupilId' ORDER BY 1`;
    const SECTION_OF: Record<string, string> = {
      Enrolment: 'enrolments',
      Exclusion: 'exclusions',
      FairAccessReferral: 'fairAccessReferrals',
      InclusionBaseSpell: 'inclusionBaseSpells',
      ManagedMove: 'managedMoves',
      Flag: 'flags',
      Placement: 'placements',
      PupilCharacteristicSpan: 'characteristicHistory',
      PupilEvent: 'timeline',
      Reintegration: 'reintegrations',
      RetentionReview: 'retentionReviews',
      SafeguardingSeparation: 'safeguardingSeparations',
      PupilTransferOut: 'transfersOut',
      ReceivedHistory: 'receivedHistories',
    };
    expect(tables.map((r) => r.t).filter((t) => !SECTION_OF[t])).toEqual([]);
    const r = await api.gql(world.tokens.laOfficer, SAR, { id: subject.id });
    for (const t of tables)
      expect(Object.keys(r.data!.subjectAccessExport.document.sections)).toContain(SECTION_OF[t.t]);
  });

  it('is for LA officers of an LA holding the record; a refusal reveals nothing', async () => {
    const { world, api, subject } = ctx;
    for (const role of ['secondaryStaff', 'pruStaff', 'panel', 'analyst'] as const) {
      const r = await api.gql(world.tokens[role], SAR, { id: subject.id });
      expect(r.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
      expect(r.data).toBeNull();
    }
    const otherLa = await api.gql(world.tokens.laOfficerB, SAR, { id: subject.id });
    expect(otherLa.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const missing = await api.gql(world.tokens.laOfficerB, SAR, { id: '00000000-0000-4000-8000-00000000dead' });
    expect(missing.errors?.[0]).toEqual(otherLa.errors?.[0]);
    // The refused attempt is audited too, naming no pupil.
    expect(
      await world.prisma.auditEvent.count({
        where: { operation: 'pupil.subjectAccessExport', actorId: IDS.users.laOfficerB, subjectIds: { isEmpty: true } },
      }),
    ).toBe(2);
  });
});
