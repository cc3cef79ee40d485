import type { Role } from '../../../generated/prisma/enums';
import {
  canCommissionPlacements,
  canCorrectEvents,
  canExportSubjectAccess,
  canReadHistoryPack,
  canRecordExclusions,
  canRecordGovernorDecisions,
  canRecordPlacementChanges,
  canReferForFairAccess,
} from '../../capabilities';
import type { RecordData } from './index';

const SEVERITY_ORDER = ['CRIT', 'HIGH', 'MED', 'INFO'];

/** The pupil record's parts, shaped for the view: what is current first, history after. */
export function recordView(data: RecordData, today: string, recordedExclusionId?: string | null) {
  const p = data.pupil;
  const role = data.me.role as Role;
  const placements = p.placements as any[];
  const current = placements.filter((pl) => pl.status === 'OPEN');
  const checkpoints = placements
    .filter((pl) => pl.reintegration)
    .flatMap((pl) =>
      pl.reintegration.checkpoints.map((c: any) => ({
        ...c,
        reintegrationId: pl.reintegration.id,
        school: pl.reintegration.school.name,
        reintegrationStatus: pl.reintegration.status,
        overdue: !c.outcome && c.dueDate < today,
      })),
    )
    .sort((a: any, b: any) => a.dueDate.localeCompare(b.dueDate));
  return {
    me: data.me,
    pupil: p,
    today,
    onRoll: (p.enrolments as any[]).filter((e) => !e.endDate || e.endDate >= today),
    current: current.map((pl) => ({ ...pl, reviewOverdue: pl.nextReviewDue < today })),
    past: placements.filter((pl) => pl.status !== 'OPEN'),
    checkpoints,
    exclusions: p.exclusions,
    // Just recorded: the banner names its day-6 date (from when suitable full-time education must be in place).
    recordedExclusion: (p.exclusions as any[]).find((x) => x.id === recordedExclusionId) ?? null,
    flags: [...(p.flags as any[])].sort(
      (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
    ),
    canRecordMovements: canRecordPlacementChanges(role),
    canCommission: canCommissionPlacements(role),
    canRefer: canReferForFairAccess(role),
    canExportSubjectAccess: canExportSubjectAccess(role),
    canReadHistoryPack: canReadHistoryPack(role),
    receivedHistories: (p.receivedHistories as any[] | undefined) ?? [],
    canExclude: canRecordExclusions(role),
    canRecordGovernors: canRecordGovernorDecisions(role),
    canCorrect: canCorrectEvents(role),
  };
}
