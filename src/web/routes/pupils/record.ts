import type { Role } from '../../../generated/prisma/enums';
import {
  canCommissionPlacements,
  canExportSubjectAccess,
  canRecordPlacementChanges,
  canReferForFairAccess,
} from '../../capabilities';
import type { RecordData } from './index';

const SEVERITY_ORDER = ['CRIT', 'HIGH', 'MED', 'INFO'];

/** The pupil record's parts, shaped for the view: what is current first, history after. */
export function recordView(data: RecordData, today: string) {
  const p = data.pupil;
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
    flags: [...(p.flags as any[])].sort(
      (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
    ),
    canRecordMovements: canRecordPlacementChanges(data.me.role as Role),
    canCommission: canCommissionPlacements(data.me.role as Role),
    canRefer: canReferForFairAccess(data.me.role as Role),
    canExportSubjectAccess: canExportSubjectAccess(data.me.role as Role),
  };
}
