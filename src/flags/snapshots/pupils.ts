import type { PrismaClient } from '../../generated/prisma/client';
import type { PupilSnapshot } from '../../domain/flags/snapshots';
import { activeOn } from '../../domain/flags/support';
import { episodeStart, iso, isoOrNull, placementFacts, endReasonKind, homeSchoolRemainder } from './mapping';

/** Pupil snapshots for pupil-scope rules (U3, E2–E8, R1, R1-CHECKPOINT, R4, M3, M5). */
export async function loadPupilSnapshots(prisma: PrismaClient, ids: string[], asOf: string): Promise<PupilSnapshot[]> {
  if (ids.length === 0) return [];
  const rows = await prisma.pupil.findMany({
    where: { id: { in: ids } },
    include: {
      placements: { include: { provider: true, reintegration: { select: { startDate: true } } } },
      enrolments: { include: { school: { select: { type: true, phase: true } } } },
      exclusions: true,
      safeguardingSeparations: true,
      managedMoves: true,
      reintegrations: { include: { checkpoints: true } },
    },
  });
  return rows.map((p) => {
    const chain = new Map(p.placements.map((x) => [x.id, x]));
    const running = p.placements.filter((x) =>
      activeOn({ startDate: iso(x.startDate), endDate: isoOrNull(x.endDate), status: x.status }, asOf),
    );
    const lastExit = (category: string) => {
      const exits = p.enrolments.filter((e) => e.endCategory === category && e.endDate).map((e) => iso(e.endDate!));
      const latest = exits.sort().at(-1) ?? null;
      // A later admission anywhere means the pupil came back.
      return latest && !p.enrolments.some((e) => iso(e.startDate) > latest) ? latest : null;
    };
    return {
      pupil: {
        id: p.id,
        laId: p.homeLaId,
        dateOfBirth: iso(p.dateOfBirth),
        senStatus: p.senStatus,
        lookedAfter: p.lookedAfter,
        socialCareStatus: p.socialCareStatus,
        electiveHomeEducationFrom: lastExit('ELECTIVE_HOME_EDUCATION'),
        movedOutOfLaOn: lastExit('MOVED_AWAY'),
        homeSchoolHoursPerWeek: homeSchoolRemainder(
          p.enrolments.some((e) => e.endDate === null) &&
            running.some((x) => x.registration !== 'SINGLE_REGISTERED_AT_AP'),
          running,
        ),
      },
      placements: p.placements.map((x) => placementFacts(x, episodeStart(x, chain))),
      enrolments: p.enrolments.map((e) => ({
        id: e.id,
        schoolId: e.schoolId,
        registration: e.registration,
        startDate: iso(e.startDate),
        endDate: isoOrNull(e.endDate),
        endReason: e.endReason,
        endReasonKind: endReasonKind(e.endCategory),
        schoolIsSpecial: e.school.type === 'SPECIAL' || e.school.phase === 'SPECIAL',
      })),
      exclusions: p.exclusions.map((x) => ({
        id: x.id,
        pupilId: x.pupilId,
        schoolId: x.schoolId,
        kind: x.kind,
        startDate: iso(x.startDate),
        schoolDays: x.schoolDays === null ? null : Number(x.schoolDays),
        academicYear: x.academicYear,
        governorOutcome: x.governorOutcome,
        governorDecisionDate: isoOrNull(x.governorDecisionDate),
      })),
      managedMoves: p.managedMoves.map((m) => ({
        id: m.id,
        fromSchoolId: m.fromSchoolId,
        toSchoolId: m.toSchoolId,
        agreedOn: iso(m.agreedOn),
        startDate: iso(m.startDate),
        recordedAsTrial: m.recordedAsTrial,
        trialEndsOn: isoOrNull(m.trialEndsOn),
        automaticReturn: m.automaticReturn,
        admissionPriorityGiven: m.admissionPriorityGiven,
        receivingSchoolOversubscribed: m.receivingSchoolOversubscribed,
      })),
      separations: p.safeguardingSeparations.map((x) => ({
        id: x.id,
        schoolId: x.schoolId,
        startDate: iso(x.startDate),
        endDate: isoOrNull(x.endDate),
        reasonCategory: x.reasonCategory,
      })),
      reintegrations: p.reintegrations.map((r) => ({
        id: r.id,
        pupilId: r.pupilId,
        placementId: r.placementId,
        schoolId: r.schoolId,
        startDate: iso(r.startDate),
        status: r.status,
        checkpoints: r.checkpoints.map((c) => ({
          id: c.id,
          label: c.label,
          schoolDays: c.schoolDays,
          dueDate: iso(c.dueDate),
          isFinal: c.isFinal,
          outcome: c.outcome,
          reportedOn: isoOrNull(c.reportedOn),
        })),
      })),
    };
  });
}
