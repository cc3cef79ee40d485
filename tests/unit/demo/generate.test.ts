import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCompulsorySchoolAge } from '../../../src/domain/academicYear';
import { SchoolCalendar, loadBankHolidays, parseSheffieldTermDatesJson } from '../../../src/domain/calendar';
import { validateUpn } from '../../../src/domain/identifiers';
import { legalBasisFor } from '../../../src/domain/movements/legalBasis';
import { ruleR2ReintegrationStatus } from '../../../src/domain/movements/reintegration';
import {
  ruleO1NoticeProblems,
  ruleP2NextReviewDue,
  type DirectionNotice,
} from '../../../src/domain/movements/schedule';
import { readReferenceText } from '../../../src/domain/referenceData';
import { generateDemoData } from '../../../src/demo/generate';
import { SHEFFIELD_TERM_DATES_FILE } from '../../../src/demo/organisations';
import type { DemoData, PlacementRow } from '../../../src/demo/types';
import { DEMO_UNREGISTERED_PROVIDER_NAME, DEMO_USERS } from '../../../src/demo/users';

const TODAY = '2026-11-22';
const hash = (d: DemoData) => createHash('sha256').update(JSON.stringify(d)).digest('hex');
const activeOn = (p: { startDate: string; endDate?: string | null }, d: string) =>
  p.startDate <= d && (!p.endDate || p.endDate >= d);
const overlap = (a: PlacementRow, b: PlacementRow) =>
  a.startDate <= (b.endDate ?? '9999-12-31') && b.startDate <= (a.endDate ?? '9999-12-31');

describe('demo data generator', () => {
  let d: DemoData;
  let sheffield: SchoolCalendar;
  let other: SchoolCalendar;
  beforeAll(() => {
    d = generateDemoData({ seed: 1, today: TODAY });
    sheffield = new SchoolCalendar(
      loadBankHolidays(),
      parseSheffieldTermDatesJson(JSON.parse(readReferenceText(SHEFFIELD_TERM_DATES_FILE))),
    );
    other = new SchoolCalendar(loadBankHolidays(), []);
  });

  it('is deterministic: the same seed and today give identical rows, another seed does not', () => {
    expect(hash(generateDemoData({ seed: 1, today: TODAY }))).toBe(hash(d));
    expect(hash(generateDemoData({ seed: 2, today: TODAY }))).not.toBe(hash(d));
  });

  it('has the organisations, users and about 3,000 pupils with valid UPNs', () => {
    expect(d.localAuthorities.map((l) => l.code).sort()).toEqual(['372', '373']);
    expect(d.termDates.map((t) => t.academicYear)).toEqual(['2025-26', '2026-27', '2027-28']);
    expect(d.users.map((u) => u.id).sort()).toEqual(DEMO_USERS.map((u) => u.id).sort());
    for (const u of d.users) {
      expect(u.role === 'SCHOOL_STAFF').toBe(!!u.schoolId);
      expect(u.role === 'PROVIDER_STAFF').toBe(!!u.providerId);
    }
    const main = d.localAuthorities.find((l) => l.code === '373')!.id;
    expect(d.pupils.filter((p) => p.homeLaId === main).length).toBeGreaterThanOrEqual(2900);
    expect(d.pupils.filter((p) => p.homeLaId !== main)).toHaveLength(40);
    expect(new Set(d.pupils.map((p) => p.upn)).size).toBe(d.pupils.length);
    for (const p of d.pupils) {
      const v = validateUpn(p.upn);
      expect(v.ok, p.upn).toBe(true);
      if (v.ok) expect(v.temporary).toBe(p.upnIsTemporary);
    }
    const share = (f: (p: DemoData['pupils'][number]) => boolean) => d.pupils.filter(f).length / d.pupils.length;
    expect(share((p) => !!p.upnIsTemporary)).toBeGreaterThan(0.01);
    expect(share((p) => p.senStatus === 'EHCP')).toBeGreaterThan(0.025);
    expect(share((p) => !!p.fsmEligible)).toBeGreaterThan(0.2);
    for (const s of d.schools)
      expect(s.laestab.slice(0, 3)).toBe(d.localAuthorities.find((l) => l.id === s.laId)!.code);
  });

  it('keeps every roll consistent: an end has a category, and no two rolls overlap', () => {
    const byPupil = new Map<string, DemoData['enrolments']>();
    for (const e of d.enrolments) {
      expect(e.endDate == null).toBe(e.endCategory == null);
      if (e.endDate) expect(e.endDate >= e.startDate).toBe(true);
      byPupil.set(e.pupilId, [...(byPupil.get(e.pupilId) ?? []), e]);
    }
    expect(byPupil.size).toBe(d.pupils.length);
    for (const list of byPupil.values())
      for (let i = 1; i < list.length; i++) expect(list[i]!.startDate > (list[i - 1]!.endDate ?? '9999')).toBe(true);
  });

  it('never suspends a pupil for more than 45 school days in an academic year, in half-day steps', () => {
    const totals = new Map<string, number>();
    for (const x of d.exclusions) {
      expect(x.governorOutcome === 'PENDING').toBe(x.governorDecisionDate == null);
      if (x.kind === 'PERMANENT') {
        expect(x.schoolDays).toBeNull();
        continue;
      }
      expect(Number.isInteger(x.schoolDays! * 2)).toBe(true);
      expect(x.daySixDate != null).toBe(x.schoolDays! > 5);
      const k = `${x.pupilId}:${x.academicYear}`;
      totals.set(k, (totals.get(k) ?? 0) + x.schoolDays!);
    }
    expect(Math.max(...totals.values())).toBeLessThanOrEqual(45);
    expect(d.exclusions.filter((x) => x.kind === 'PERMANENT').length).toBeGreaterThanOrEqual(5);
  });

  it('keeps each pupil within 32.5 concurrent hours and one placement per provider at a time', () => {
    const byPupil = new Map<string, PlacementRow[]>();
    for (const p of d.placements) byPupil.set(p.pupilId, [...(byPupil.get(p.pupilId) ?? []), p]);
    for (const list of byPupil.values())
      for (const p of list) {
        const others = list.filter((o) => o !== p && overlap(o, p));
        // The database trigger's test: this placement plus every placement overlapping it.
        expect(others.reduce((s, o) => s + o.hoursPerWeek, p.hoursPerWeek)).toBeLessThanOrEqual(32.5);
        expect(others.some((o) => o.providerId === p.providerId)).toBe(false);
      }
  });

  it('puts 120 to 180 pupils in AP today, with a U1 cluster and a looked-after child full-time unregistered', () => {
    const active = d.placements.filter((p) => activeOn(p, TODAY));
    const pupils = new Set(active.map((p) => p.pupilId));
    expect(pupils.size).toBeGreaterThanOrEqual(120);
    expect(pupils.size).toBeLessThanOrEqual(180);
    const rowan = d.providers.find((p) => p.name === DEMO_UNREGISTERED_PROVIDER_NAME)!;
    const pupilById = new Map(d.pupils.map((p) => [p.id, p] as const));
    const fullTime = active.filter(
      (p) =>
        p.providerId === rowan.id &&
        p.hoursPerWeek > 18 &&
        isCompulsorySchoolAge(pupilById.get(p.pupilId)!.dateOfBirth, TODAY),
    );
    expect(new Set(fullTime.map((p) => p.pupilId)).size).toBeGreaterThanOrEqual(5);
    const unregistered = new Set(d.providers.filter((p) => p.kind === 'UNREGISTERED').map((p) => p.id));
    expect(
      active.some(
        (p) =>
          unregistered.has(p.providerId) &&
          p.providerId !== rowan.id &&
          p.hoursPerWeek > 18 &&
          pupilById.get(p.pupilId)!.lookedAfter,
      ),
    ).toBe(true);
    expect(active.some((p) => p.commissionerKind === 'SCHOOL' && !p.laNotifiedOn)).toBe(true);
    expect(
      active.filter((p) => p.tier === 'TIER_2_TIME_LIMITED' && p.plannedEndDate! < TODAY).length,
    ).toBeGreaterThanOrEqual(3);
    expect(active.filter((p) => p.nextReviewDue < TODAY).length).toBeGreaterThanOrEqual(3);
  });

  it('records placements the way the use cases would', () => {
    const providers = new Map(d.providers.map((p) => [p.id, p] as const));
    const pupils = new Map(d.pupils.map((p) => [p.id, p] as const));
    const byId = new Map(d.placements.map((p) => [p.id, p] as const));
    const reviews = new Map<string, string[]>();
    for (const r of d.reviews) {
      expect(r.outcome === 'EXTEND').toBe(r.newPlannedEndDate != null);
      reviews.set(r.placementId, [...(reviews.get(r.placementId) ?? []), r.reviewDate]);
    }
    const mainLa = d.localAuthorities.find((l) => l.code === '373')!.id;
    for (const p of d.placements) {
      const cal = p.laId === mainLa ? sheffield : other;
      const prov = providers.get(p.providerId)!;
      const basis = legalBasisFor(p.reason, p.commissionerKind, pupils.get(p.pupilId)!.senStatus ?? 'NONE');
      expect(basis.ok && basis.legalBasis).toBe(p.legalBasis);
      expect([p.providerUrn, p.providerUkprn, p.settingType].filter((x) => x != null)).toHaveLength(1);
      expect(p.commissionerKind === 'SCHOOL').toBe(p.commissioningSchoolId != null);
      expect(p.status === 'ENDED').toBe(p.endDate != null);
      expect(p.status === 'ENDED').toBe(p.destination != null);
      expect(p.hoursPerWeek > 0 && p.hoursPerWeek <= 32.5).toBe(true);
      if (p.tier === 'TIER_2_TIME_LIMITED' || p.reason === 'OFF_SITE_DIRECTION')
        expect(p.plannedEndDate).not.toBeNull();
      if (prov.kind === 'UNREGISTERED') expect(p.registration).toBe('HOME_SCHOOL_ONLY');
      if (prov.kind !== 'REGISTERED_SCHOOL') expect(p.safeguardingConfirmedOn! <= p.startDate).toBe(true);
      if (p.reason === 'OFF_SITE_DIRECTION') {
        expect(
          ruleO1NoticeProblems(
            cal,
            p.directionNoticeDate as string,
            p.directionNotice as unknown as DirectionNotice,
            p.startDate,
          ),
        ).toEqual([]);
        expect(p.maximumPeriodSchoolDays).toBeGreaterThan(0);
      }
      const last = p.lastReviewDate ?? p.startDate;
      expect(p.nextReviewDue).toBe(ruleP2NextReviewDue(cal, last as string, p.reviewIntervalSchoolDays ?? 30));
      expect(p.lastReviewDate ?? null).toBe(reviews.get(p.id)?.at(-1) ?? null);
      if (p.previousPlacementId) {
        const prev = byId.get(p.previousPlacementId)!;
        expect(prev.destination).toBe('ANOTHER_AP');
        expect(Date.parse(p.startDate) - Date.parse(prev.endDate!)).toBe(86_400_000);
      }
    }
    const destinations = new Set(d.placements.map((p) => p.destination).filter(Boolean));
    for (const x of [
      'MAINSTREAM_SCHOOL',
      'SPECIAL_SCHOOL',
      'ANOTHER_AP',
      'POST16_EET',
      'NEET',
      'ELECTIVE_HOME_EDUCATION',
      'MOVED_OUT_OF_LA',
      'CHILDREN_MISSING_EDUCATION',
      'OTHER',
    ])
      expect(destinations.has(x as never), x).toBe(true);
  });

  it('keeps reintegration statuses in line with their checkpoints', () => {
    const cps = new Map<string, DemoData['checkpoints']>();
    for (const c of d.checkpoints) {
      expect(c.outcome == null).toBe(c.reportedOn == null);
      cps.set(c.reintegrationId, [...(cps.get(c.reintegrationId) ?? []), c]);
    }
    const statuses = new Set<string>();
    for (const r of d.reintegrations) {
      const list = cps.get(r.id)!;
      expect(list.map((c) => c.label)).toEqual(['SIX_WEEKS', 'ONE_TERM', 'TWO_TERMS']);
      expect(r.status).toBe(
        ruleR2ReintegrationStatus(
          list.map((c) => ({ label: c.label, dueDate: c.dueDate, isFinal: !!c.isFinal, outcome: c.outcome ?? null })),
        ),
      );
      statuses.add(r.status!);
    }
    expect([...statuses].sort()).toEqual(['BROKEN_DOWN', 'PENDING', 'SUSTAINED']);
    expect(d.checkpoints.some((c) => c.dueDate < TODAY && !c.outcome)).toBe(true);
  });

  it('writes a timeline event for every change, none in the future, and corrections pointing back', () => {
    const started = new Set(d.pupilEvents.filter((e) => e.type === 'PLACEMENT_STARTED').map((e) => e.placementId));
    for (const p of d.placements) expect(started.has(p.id)).toBe(true);
    const seen = new Set<string>();
    for (const e of d.pupilEvents) {
      expect(e.occurredOn <= TODAY, `${e.type} ${e.occurredOn}`).toBe(true);
      expect(e.reason.trim()).not.toBe('');
      if (e.correctsEventId) expect(seen.has(e.correctsEventId)).toBe(true);
      seen.add(e.id);
    }
    const types = new Set(d.pupilEvents.map((e) => e.type));
    for (const t of [
      'PUPIL_REGISTERED',
      'ENROLLED',
      'LEFT_ROLL',
      'SUSPENSION_RECORDED',
      'PERMANENT_EXCLUSION_RECORDED',
      'GOVERNOR_DECISION_RECORDED',
      'PLACEMENT_STARTED',
      'PLACEMENT_REVIEWED',
      'PLACEMENT_HOURS_CHANGED',
      'PLACEMENT_ENDED',
      'REINTEGRATION_STARTED',
      'REINTEGRATION_CHECKPOINT_REPORTED',
    ])
      expect(types.has(t), t).toBe(true);
    expect(d.pupilEvents.filter((e) => e.type === 'CORRECTION').length).toBeGreaterThanOrEqual(4);
    expect(d.outbox.filter((o) => o.aggregateType === 'PLACEMENT')).toHaveLength(d.placements.length);
    expect(d.outbox.every((o) => o.publishedAt == null)).toBe(true);
  });
});
