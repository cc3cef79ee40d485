import type { PrismaClient } from '../../generated/prisma/client';
import type { PlacementSnapshot } from '../../domain/flags/snapshots';
import { activeOn } from '../../domain/flags/support';
import { episodeStart, iso, isoOrNull, placementFacts, endReasonKind, homeSchoolRemainder } from './mapping';

/** Placement snapshots for placement-scope rules (P2–P7, A5, E9, O1–O4 and O3b, U7, U9–U11). */
export async function loadPlacementSnapshots(
  prisma: PrismaClient,
  ids: string[],
  asOf: string,
): Promise<PlacementSnapshot[]> {
  if (ids.length === 0) return [];
  const rows = await prisma.placement.findMany({
    where: { id: { in: ids } },
    include: {
      provider: true,
      commissioningSchool: { select: { type: true } },
      reintegration: { select: { startDate: true } },
      directionReviewRequests: { select: { requestedOn: true, requestedBy: true } },
      directionReviewMeetings: {
        select: {
          meetingDate: true,
          headteacherPresent: true,
          parentsInvited: true,
          boardNomineePresent: true,
          laInvitedOn: true,
        },
      },
      pupil: {
        include: {
          placements: {
            select: {
              id: true,
              previousPlacementId: true,
              startDate: true,
              endDate: true,
              status: true,
              hoursPerWeek: true,
            },
          },
          enrolments: true,
        },
      },
    },
  });
  return rows.map((p) => {
    const chain = new Map(p.pupil.placements.map((x) => [x.id, x]));
    const others = p.pupil.placements.filter(
      (x) =>
        x.id !== p.id &&
        activeOn({ startDate: iso(x.startDate), endDate: isoOrNull(x.endDate), status: x.status }, asOf),
    );
    // Rule P5: the commissioning (home) school's roll ended while this placement was running.
    const home = p.commissioningSchoolId
      ? p.pupil.enrolments.filter((e) => e.schoolId === p.commissioningSchoolId)
      : [];
    const stillOnHomeRoll = home.some((e) => e.endDate === null);
    const lastEnded = home.filter((e) => e.endDate).sort((a, b) => b.endDate!.getTime() - a.endDate!.getTime())[0];
    return {
      ...placementFacts(p, episodeStart(p, chain)),
      commissioningSchoolType: p.commissioningSchool?.type ?? null,
      directionReviewRequests: p.directionReviewRequests.map((r) => ({
        requestedOn: iso(r.requestedOn),
        requestedBy: r.requestedBy,
      })),
      directionReviewMeetings: p.directionReviewMeetings.map((m) => ({
        meetingDate: iso(m.meetingDate),
        headteacherPresent: m.headteacherPresent,
        parentsInvited: m.parentsInvited,
        boardNomineePresent: m.boardNomineePresent,
        laInvitedOn: isoOrNull(m.laInvitedOn),
      })),
      pupil: {
        id: p.pupil.id,
        dateOfBirth: iso(p.pupil.dateOfBirth),
        senStatus: p.pupil.senStatus,
        lookedAfter: p.pupil.lookedAfter,
        socialCareStatus: p.pupil.socialCareStatus,
      },
      otherTimetabledHoursPerWeek:
        others.reduce((sum, x) => sum + Number(x.hoursPerWeek), 0) +
        homeSchoolRemainder(
          p.registration !== 'SINGLE_REGISTERED_AT_AP' && p.pupil.enrolments.some((e) => e.endDate === null),
          [p, ...others],
        ),
      otherPlacementSpans: p.pupil.placements
        .filter((x) => x.id !== p.id)
        .map((x) => ({ startDate: iso(x.startDate), endDate: isoOrNull(x.endDate) })),
      homeSchoolEnrolmentEnded:
        !stillOnHomeRoll && lastEnded
          ? {
              endDate: iso(lastEnded.endDate!),
              endReason: lastEnded.endReason,
              endReasonKind: endReasonKind(lastEnded.endCategory) ?? 'OTHER',
            }
          : null,
    };
  });
}
