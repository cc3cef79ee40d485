/**
 * Scales a synthetic data set for the report benchmark: `movements` rows across Enrolment (joining and
 * leaving rolls), Placement (into and out of AP) and Exclusion, with pupils = movements / 5 (1M → 200k).
 * Ten LAs of equal size, academic years 2020-21 to autumn 2026; AP-heavy on purpose (about half of
 * all movements are placements), so a one-year report for one LA reads ~7k placements at 1M.
 * Rows are generated in memory (seeded, reproducible) and written with multi-row unnest inserts.
 * Usage: tsx bench/generateScale.ts <movements>   (DATABASE_URL = owner role of an empty, migrated db)
 */
import pg from 'pg';
import { Rng } from '../src/demo/random';
import { upnCheckLetter } from '../src/domain/identifiers';
import { fromDayNumber, toDayNumber } from '../src/domain/dates';
import { academicYearOf } from '../src/domain/academicYear';

export const BENCH_LA_CODES = ['373', '372', '370', '371', '350', '351', '352', '353', '354', '355'];
const WINDOW_START = toDayNumber('2020-09-01');
const TODAY = toDayNumber('2026-11-20');

type Row = (string | null)[];
interface Table {
  name: string;
  cols: [name: string, sqlType: string][];
  rows: Row[];
}

const table = (name: string, cols: [string, string][]): Table => ({ name, cols, rows: [] });
const day = (n: number) => fromDayNumber(n);

export interface GeneratedCounts {
  pupils: number;
  enrolments: number;
  placements: number;
  exclusions: number;
  movements: number;
  reintegrations: number;
  reviews: number;
  referrals: number;
  laIds: string[];
  providerIdsByLa: Record<string, string[]>;
  schoolIdsByLa: Record<string, string[]>;
}

interface Span {
  schoolId: string;
  start: number;
  end: number | null;
}

export async function generateScale(
  ownerUrl: string,
  movements: number,
  log: (m: string) => void = console.log,
): Promise<GeneratedCounts> {
  const rng = new Rng(20261122);
  const pupilsTotal = Math.round(movements / 5);
  const perLa = Math.round(pupilsTotal / BENCH_LA_CODES.length);

  const T = {
    la: table('LocalAuthority', [
      ['id', 'uuid'],
      ['code', 'char(3)'],
      ['name', 'text'],
    ]),
    school: table('School', [
      ['id', 'uuid'],
      ['laId', 'uuid'],
      ['urn', 'char(6)'],
      ['laestab', 'char(7)'],
      ['name', 'text'],
      ['phase', '"SchoolPhase"'],
      ['type', '"SchoolType"'],
      ['numberOnRoll', 'int'],
    ]),
    provider: table('Provider', [
      ['id', 'uuid'],
      ['laId', 'uuid'],
      ['name', 'text'],
      ['kind', '"ProviderKind"'],
      ['schoolId', 'uuid'],
      ['urn', 'char(6)'],
      ['ukprn', 'char(8)'],
      ['settingType', 'varchar(3)'],
      ['onApprovedList', 'bool'],
    ]),
    pupil: table('Pupil', [
      ['id', 'uuid'],
      ['upn', 'char(13)'],
      ['firstName', 'text'],
      ['lastName', 'text'],
      ['dateOfBirth', 'date'],
      ['sex', '"Sex"'],
      ['ethnicityCode', 'varchar(4)'],
      ['senStatus', '"SenStatus"'],
      ['lookedAfter', 'bool'],
      ['socialCareStatus', '"SocialCareStatus"'],
      ['fsmEligible', 'bool'],
      ['homeLaId', 'uuid'],
    ]),
    enrolment: table('Enrolment', [
      ['id', 'uuid'],
      ['pupilId', 'uuid'],
      ['schoolId', 'uuid'],
      ['registration', '"RegistrationType"'],
      ['startDate', 'date'],
      ['endDate', 'date'],
      ['endReason', 'text'],
      ['endCategory', '"RollExitCategory"'],
    ]),
    placement: table('Placement', [
      ['id', 'uuid'],
      ['pupilId', 'uuid'],
      ['providerId', 'uuid'],
      ['laId', 'uuid'],
      ['commissionerKind', '"CommissionerKind"'],
      ['commissioningSchoolId', 'uuid'],
      ['reason', '"PlacementReason"'],
      ['reasonOther', 'text'],
      ['legalBasis', '"LegalBasis"'],
      ['tier', '"ApTier"'],
      ['providerUrn', 'char(6)'],
      ['providerUkprn', 'char(8)'],
      ['settingType', 'varchar(3)'],
      ['startDate', 'date'],
      ['plannedEndDate', 'date'],
      ['endDate', 'date'],
      ['hoursPerWeek', 'numeric'],
      ['registration', '"PlacementRegistration"'],
      ['objectives', 'text'],
      ['reintegrationPlan', 'text'],
      ['registrationConfirmed', 'bool'],
      ['nextReviewDue', 'date'],
      ['directionNoticeDate', 'date'],
      ['directionNotice', 'jsonb'],
      ['status', '"PlacementStatus"'],
      ['destination', '"Destination"'],
      ['destinationSchoolId', 'uuid'],
      ['destinationDetail', 'text'],
      ['previousPlacementId', 'uuid'],
    ]),
    review: table('PlacementReview', [
      ['placementId', 'uuid'],
      ['reviewDate', 'date'],
      ['outcome', '"ReviewOutcome"'],
      ['notes', 'text'],
    ]),
    reintegration: table('Reintegration', [
      ['pupilId', 'uuid'],
      ['placementId', 'uuid'],
      ['schoolId', 'uuid'],
      ['startDate', 'date'],
      ['status', '"ReintegrationStatus"'],
    ]),
    exclusion: table('Exclusion', [
      ['pupilId', 'uuid'],
      ['schoolId', 'uuid'],
      ['kind', '"ExclusionKind"'],
      ['startDate', 'date'],
      ['schoolDays', 'numeric'],
      ['reasonCategory', 'text'],
      ['academicYear', 'text'],
      ['governorOutcome', '"GovernorOutcome"'],
      ['governorDecisionDate', 'date'],
    ]),
    flag: table('Flag', [
      ['ruleId', 'text'],
      ['outcome', 'text'],
      ['severity', '"FlagSeverity"'],
      ['subjectType', '"FlagSubject"'],
      ['subjectId', 'uuid'],
      ['laId', 'uuid'],
      ['providerId', 'uuid'],
      ['title', 'text'],
      ['evidence', 'jsonb'],
      ['configVersion', 'text'],
      ['status', '"FlagStatus"'],
    ]),
    meeting: table('FairAccessPanelMeeting', [
      ['id', 'uuid'],
      ['laId', 'uuid'],
      ['meetingDate', 'date'],
      ['attendingOrganisations', 'text[]'],
      ['createdBy', 'text'],
    ]),
    referral: table('FairAccessReferral', [
      ['id', 'uuid'],
      ['laId', 'uuid'],
      ['pupilId', 'uuid'],
      ['referringParty', '"FapReferringParty"'],
      ['referrerName', 'text'],
      ['referredOn', 'date'],
      ['categories', '"FapCategory"[]'],
      ['route', '"FapRoute"'],
      ['status', '"FapReferralStatus"'],
      ['yearGroupSought', 'int'],
      ['senStatus', '"SenStatus"'],
      ['currentlyLookedAfter', 'bool'],
      ['context', 'text'],
      ['previousSchoolIds', 'uuid[]'],
      ['agreedToConsiderOn', 'date'],
      ['admittedOn', 'date'],
      ['admittedSchoolId', 'uuid'],
      ['createdBy', 'text'],
    ]),
    decision: table('FairAccessDecision', [
      ['id', 'uuid'],
      ['referralId', 'uuid'],
      ['meetingId', 'uuid'],
      ['outcome', '"FapDecisionOutcome"'],
      ['rationale', 'text'],
      ['decidedBy', 'text'],
      ['allocatedSchoolId', 'uuid'],
      ['admissionDeadline', 'date'],
      ['deferredToMeetingId', 'uuid'],
      ['supersedesId', 'uuid'],
      ['recordedBy', 'text'],
    ]),
    response: table('FairAccessSchoolResponse', [
      ['decisionId', 'uuid'],
      ['referralId', 'uuid'],
      ['schoolId', 'uuid'],
      ['requestedOn', 'date'],
      ['respondedOn', 'date'],
      ['outcome', '"FapResponseOutcome"'],
      ['refusalGrounds', '"FapRefusalGround"[]'],
      ['reason', 'text'],
      ['onForbiddenGround', 'bool'],
      ['recordedBy', 'text'],
    ]),
    direction: table('FairAccessDirection', [
      ['decisionId', 'uuid'],
      ['referralId', 'uuid'],
      ['schoolId', 'uuid'],
      ['route', '"FapEscalationRoute"'],
      ['basis', '"FapEscalationBasis"'],
      ['requestedOn', 'date'],
      ['note', 'text'],
      ['outcome', '"FapDirectionOutcome"'],
      ['outcomeOn', 'date'],
      ['recordedBy', 'text'],
    ]),
  };

  const counts: GeneratedCounts = {
    pupils: 0,
    enrolments: 0,
    placements: 0,
    exclusions: 0,
    movements: 0,
    reintegrations: 0,
    reviews: 0,
    referrals: 0,
    laIds: [],
    providerIdsByLa: {},
    schoolIdsByLa: {},
  };
  let urnSeq = 100000;
  const spansByPupil: { pupilId: string; laId: string; dob: number; sen: string; lac: boolean; spans: Span[] }[] = [];
  const laOrgs = new Map<
    string,
    {
      primaries: string[];
      secondaries: string[];
      special: string;
      providers: { id: string; kind: string; urn: string | null; ukprn: string | null; setting: string | null }[];
    }
  >();

  // ---- Organisations and pupils with their school histories ----
  for (const [li, code] of BENCH_LA_CODES.entries()) {
    const laId = rng.uuid();
    counts.laIds.push(laId);
    T.la.rows.push([laId, code, `Bench LA ${code}`]);
    const nSec = Math.max(2, Math.round(perLa / 1500));
    const nPri = Math.max(3, Math.round(perLa / 400));
    const mk = (phase: string, type: string, i: number) => {
      const id = rng.uuid();
      urnSeq += 1;
      T.school.rows.push([
        id,
        laId,
        String(urnSeq),
        `${code}${String(1000 + T.school.rows.length).slice(-4)}`,
        `${phase} ${code}-${i}`,
        phase,
        type,
        '0',
      ]);
      return id;
    };
    const secondaries = Array.from({ length: nSec }, (_, i) => mk('SECONDARY', i % 2 ? 'ACADEMY' : 'MAINTAINED', i));
    const primaries = Array.from({ length: nPri }, (_, i) => mk('PRIMARY', 'MAINTAINED', i));
    const special = mk('SPECIAL', 'SPECIAL', 0);
    const pruSchool = mk('ALTERNATIVE_PROVISION', 'PRU', 0);
    const providers: { id: string; kind: string; urn: string | null; ukprn: string | null; setting: string | null }[] =
      [];
    const addProvider = (
      name: string,
      kind: string,
      schoolId: string | null,
      urn: string | null,
      ukprn: string | null,
      setting: string | null,
    ) => {
      const id = rng.uuid();
      providers.push({ id, kind, urn, ukprn, setting });
      T.provider.rows.push([id, laId, name, kind, schoolId, urn, ukprn, setting, 'true']);
    };
    addProvider(`PRU ${code}`, 'REGISTERED_SCHOOL', pruSchool, String(urnSeq), null, null);
    for (let i = 0; i < 2; i++)
      addProvider(`Independent AP ${code}-${i}`, 'REGISTERED_INDEPENDENT_SCHOOL', null, String(++urnSeq), null, null);
    for (let i = 0; i < 4; i++)
      addProvider(
        `Unregistered ${code}-${i}`,
        'UNREGISTERED',
        null,
        null,
        i % 2 ? null : `1${code}${String(li * 10 + i).padStart(4, '0')}`,
        i % 2 ? 'OTH' : null,
      );
    laOrgs.set(laId, { primaries, secondaries, special, providers });
    counts.providerIdsByLa[laId] = providers.map((p) => p.id);
    counts.schoolIdsByLa[laId] = [...secondaries, ...primaries, special];

    for (let i = 0; i < perLa; i++) {
      const pupilId = rng.uuid();
      const dob = rng.int(toDayNumber('2006-09-01'), toDayNumber('2021-08-31'));
      const dobIso = day(dob);
      const yob = Number(dobIso.slice(0, 4));
      const sy = Number(dobIso.slice(5, 7)) >= 9 ? yob + 5 : yob + 4; // Reception year
      const sen = rng.weighted([
        ['NONE', 84],
        ['SEN_SUPPORT', 12],
        ['EHCP', 4],
      ] as const);
      const lac = rng.chance(0.01);
      const rest12 = `${code}${String(4000 + Math.floor(i / 1000)).padStart(4, '0')}26${String(i % 1000).padStart(3, '0')}`;
      T.pupil.rows.push([
        pupilId,
        `${upnCheckLetter(rest12)}${rest12}`,
        'Bench',
        `Pupil${i}`,
        dobIso,
        rng.chance(0.5) ? 'F' : 'M',
        rng.chance(0.05)
          ? null
          : rng.pick(['WBRI', 'WBRI', 'WBRI', 'WOTH', 'AIND', 'APKN', 'BAFR', 'BCRB', 'MWBC', 'CHNE']),
        sen,
        String(lac),
        rng.chance(0.05) ? 'CHILD_IN_NEED' : 'NONE',
        String(rng.chance(0.25)),
        laId,
      ]);
      const spans: Span[] = [];
      const pStart = toDayNumber(`${sy}-09-01`);
      const pEnd = toDayNumber(`${sy + 7}-07-20`);
      const sStart = toDayNumber(`${sy + 7}-09-01`);
      const sEnd = toDayNumber(`${sy + 12}-07-20`);
      if (pEnd >= WINDOW_START - 365 && pStart <= TODAY)
        spans.push({ schoolId: rng.pick(primaries), start: pStart, end: pEnd <= TODAY ? pEnd : null });
      if (sStart <= TODAY && sEnd >= WINDOW_START - 365)
        spans.push({ schoolId: rng.pick(secondaries), start: sStart, end: sEnd <= TODAY ? sEnd : null });
      // Disruptions: a transfer, a move away, or an unexplained exit part-way through the last span.
      const last = spans.at(-1);
      const r = rng.next();
      let lastCategory = 'PHASE_TRANSITION';
      if (last && r < 0.13) {
        const endBy = last.end ?? TODAY;
        const at = rng.int(Math.max(last.start + 30, WINDOW_START), Math.max(last.start + 31, endBy - 30));
        if (at < endBy) {
          const originalEnd = last.end;
          last.end = at;
          if (r < 0.08) {
            const pool = laOrgs.get(laId)!;
            const next = rng.pick(pool.secondaries.includes(last.schoolId) ? pool.secondaries : pool.primaries);
            spans.push({ schoolId: next, start: at + 1, end: originalEnd });
            lastCategory = 'TRANSFER';
          } else
            lastCategory = r < 0.1 ? 'MOVED_AWAY' : rng.pick(['ELECTIVE_HOME_EDUCATION', 'CME_OR_UNKNOWN', 'OTHER']);
        }
      }
      spans.forEach((s, k) => {
        let category: string | null = null;
        if (s.end !== null) {
          if (lastCategory === 'TRANSFER' && k === spans.length - 2) category = 'TRANSFERRED_TO_SCHOOL';
          else if (k === spans.length - 1 && lastCategory !== 'TRANSFER' && lastCategory !== 'PHASE_TRANSITION')
            category = lastCategory;
          else category = 'PHASE_TRANSITION';
        }
        T.enrolment.rows.push([
          rng.uuid(),
          pupilId,
          s.schoolId,
          'SINGLE',
          day(s.start),
          s.end === null ? null : day(s.end),
          category ? 'left' : null,
          category,
        ]);
      });
      spansByPupil.push({ pupilId, laId, dob, sen, lac, spans });
    }
  }
  counts.pupils = T.pupil.rows.length;
  counts.enrolments = T.enrolment.rows.length;

  // Published numbers on roll: pupils on each roll today.
  const onRoll = new Map<string, number>();
  for (const p of spansByPupil)
    for (const s of p.spans) if (s.end === null) onRoll.set(s.schoolId, (onRoll.get(s.schoolId) ?? 0) + 1);
  for (const s of T.school.rows) s[7] = String(onRoll.get(s[0]!) ?? 150);

  // ---- Exclusions ----
  const exclusionsTarget = Math.round(movements * 0.2);
  const inWindow = spansByPupil.filter((p) => p.spans.some((s) => (s.end ?? TODAY) >= WINDOW_START));
  for (let i = 0; i < exclusionsTarget; i++) {
    const p = rng.pick(inWindow);
    const s = rng.pick(p.spans.filter((x) => (x.end ?? TODAY) >= WINDOW_START));
    const on = rng.int(Math.max(s.start, WINDOW_START), s.end ?? TODAY);
    const permanent = rng.chance(0.1);
    const gov = permanent
      ? rng.weighted([
          ['UPHELD', 8],
          ['REINSTATED', 1],
          ['PENDING', 1],
        ] as const)
      : 'PENDING';
    T.exclusion.rows.push([
      p.pupilId,
      s.schoolId,
      permanent ? 'PERMANENT' : 'SUSPENSION',
      day(on),
      permanent ? null : String(rng.int(1, 10) / 2),
      'PERSISTENT_DISRUPTIVE_BEHAVIOUR',
      academicYearOf(day(on)),
      gov,
      gov === 'PENDING' ? null : day(on + 14),
    ]);
  }
  counts.exclusions = T.exclusion.rows.length;

  // ---- Placements: sequential chains per pupil (no overlaps), until the movement budget is spent ----
  const placementsTarget = movements - counts.enrolments - counts.exclusions;
  const REASONS = [
    ['PERMANENT_EXCLUSION', 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION', 'LA', 15],
    ['SUSPENSION_OVER_FIVE_DAYS', 'SCHOOL_DAY_SIX_SUSPENSION', 'SCHOOL', 15],
    ['OFF_SITE_DIRECTION', 'S29A_OFF_SITE_DIRECTION', 'SCHOOL', 10],
    ['BEHAVIOUR_EARLY_INTERVENTION', 'SCHOOL_COMMISSIONED', 'SCHOOL', 25],
    ['HEALTH_NEEDS', 'S19_HEALTH', 'LA', 10],
    ['EHCP_NAMED', 'S42_EHC_PLAN', 'LA', 10],
    ['AWAITING_SCHOOL_PLACE', 'S19_OTHER', 'LA', 10],
    ['OTHER', 'S19_OTHER', 'LA', 5],
  ] as const;
  const notice = JSON.stringify({
    address: 'Bench',
    personToReportTo: 'Lead',
    numberOfDays: 30,
    reasonsAndObjectives: 'Behaviour',
    sessionTimes: '9-3',
  });
  // Pupils are taken in a shuffled order, round after round; a pupil's next chain starts after its last placement.
  const lastEnd = new Map<string, number>();
  const order = rng.shuffle(inWindow);
  for (let n = 0; T.placement.rows.length < placementsTarget && n < order.length * 6; n++) {
    const p = order[n % order.length]!;
    if (lastEnd.get(p.pupilId) === Infinity) continue;
    const orgs = laOrgs.get(p.laId)!;
    const spans = p.spans.filter((x) => (x.end ?? TODAY) >= WINDOW_START);
    const first = spans[0]!;
    const from = Math.max(first.start, WINDOW_START, (lastEnd.get(p.pupilId) ?? 0) + 30);
    let start = rng.int(from, from + 400);
    const stop = Math.min(TODAY, (spans.at(-1)!.end ?? TODAY) + 60);
    let prev: { id: string; row: Row } | null = null;
    const chain = 1 + Math.floor(-Math.log(1 - rng.next()) * 3);
    for (let k = 0; k < chain && start < stop && T.placement.rows.length < placementsTarget; k++) {
      const span = p.spans.find((s) => s.start <= start && (s.end ?? TODAY) >= start) ?? first;
      const [reason, legalBasis, commissioner] = rng.weighted(REASONS.map((x) => [x, x[3]] as const));
      const provider = rng.weighted(
        orgs.providers.map(
          (x) => [x, x.kind === 'REGISTERED_SCHOOL' ? 4 : x.kind === 'UNREGISTERED' ? 0.75 : 1.5] as const,
        ),
      );
      const tier = rng.weighted([
        ['TIER_1_TARGETED_SUPPORT', 30],
        ['TIER_2_TIME_LIMITED', 45],
        ['TIER_3_TRANSITIONAL', 25],
      ] as const);
      const length = 20 + Math.floor(180 * rng.next() ** 2);
      const end = start + length;
      const open = end >= TODAY || (k === chain - 1 && start > TODAY - 365 && rng.chance(0.3));
      const transferNext = !open && k < chain - 1 && rng.chance(0.2);
      const needsPlanned = tier === 'TIER_2_TIME_LIMITED' || reason === 'OFF_SITE_DIRECTION';
      const destination = open
        ? null
        : transferNext
          ? 'ANOTHER_AP'
          : rng.weighted([
              ['MAINSTREAM_SCHOOL', 45],
              ['SPECIAL_SCHOOL', 5],
              ['POST16_EET', 10],
              ['NEET', 8],
              ['ELECTIVE_HOME_EDUCATION', 5],
              ['MOVED_OUT_OF_LA', 5],
              ['CHILDREN_MISSING_EDUCATION', 2],
              ['OTHER', 5],
            ] as const);
      const destSchool =
        destination === 'MAINSTREAM_SCHOOL'
          ? rng.pick([...orgs.secondaries, ...orgs.primaries])
          : destination === 'SPECIAL_SCHOOL'
            ? orgs.special
            : null;
      const id = rng.uuid();
      const row: Row = [
        id,
        p.pupilId,
        provider.id,
        p.laId,
        commissioner,
        commissioner === 'SCHOOL' ? span.schoolId : null,
        reason,
        reason === 'OTHER' ? 'Other need' : null,
        legalBasis,
        tier,
        provider.urn,
        provider.ukprn,
        provider.setting,
        day(start),
        needsPlanned ? day(start + 84) : null,
        open ? null : day(end),
        String(provider.kind === 'UNREGISTERED' ? rng.int(6, 25) : rng.int(15, 25)),
        rng.weighted([
          ['DUAL_REGISTERED', 6],
          ['SINGLE_REGISTERED_AT_AP', 2],
          ['HOME_SCHOOL_ONLY', 2],
        ] as const),
        'Objectives',
        'Plan',
        'true',
        day(start + 42),
        reason === 'OFF_SITE_DIRECTION' ? day(start - 3) : null,
        reason === 'OFF_SITE_DIRECTION' ? notice : null,
        open ? 'OPEN' : 'ENDED',
        destination,
        destSchool,
        destination === 'OTHER' ? 'Other' : null,
        prev && prev.row[25] === 'ANOTHER_AP' ? prev.id : null,
      ];
      T.placement.rows.push(row);
      for (let r = start + rng.int(30, 50); r < (open ? TODAY : end); r += rng.int(30, 50))
        if (!rng.chance(0.15)) T.review.rows.push([id, day(r), 'CONTINUE', 'Reviewed']);
      if (destination === 'MAINSTREAM_SCHOOL') {
        const rs = end + 3;
        T.reintegration.rows.push([
          p.pupilId,
          id,
          destSchool,
          day(rs),
          rs > TODAY - 180 ? 'PENDING' : rng.chance(0.6) ? 'SUSTAINED' : 'BROKEN_DOWN',
        ]);
      }
      lastEnd.set(p.pupilId, open ? Infinity : end);
      if (open) break;
      prev = { id, row };
      start = transferNext ? end + rng.int(1, 3) : end + rng.int(20, 200);
    }
  }
  counts.placements = T.placement.rows.length;
  counts.reviews = T.review.rows.length;
  counts.reintegrations = T.reintegration.rows.length;
  counts.movements = counts.enrolments + counts.placements + counts.exclusions;

  // ---- Flags and fair access (small) ----
  let flagN = 0;
  for (const [laId, orgs] of laOrgs)
    for (const pv of orgs.providers)
      for (let i = rng.int(0, 8); i > 0; i--)
        T.flag.rows.push([
          `B${flagN++}`,
          'x',
          rng.pick(['CRIT', 'HIGH', 'MED', 'INFO']),
          'PROVIDER',
          pv.id,
          laId,
          pv.id,
          'Bench flag',
          '{}',
          'bench',
          rng.pick(['OPEN', 'ACKNOWLEDGED', 'RESOLVED']),
        ]);
  const referralsPerLa = Math.round((movements * 0.005) / BENCH_LA_CODES.length);
  for (const [laId, orgs] of laOrgs) {
    const meetings: { id: string; on: number }[] = [];
    for (let m = WINDOW_START + 14; m < TODAY; m += 28) {
      const id = rng.uuid();
      meetings.push({ id, on: m });
      T.meeting.rows.push([id, laId, day(m), '{LA}', 'bench']);
    }
    const pupils = spansByPupil.filter((p) => p.laId === laId && !p.lac && p.sen !== 'EHCP');
    for (let i = 0; i < referralsPerLa; i++) {
      const p = rng.pick(pupils);
      const referred = rng.int(WINDOW_START, TODAY - 60);
      const agreed = rng.chance(0.85) ? referred + rng.int(0, 5) : null;
      const id = rng.uuid();
      const meetingIdx = meetings.findIndex((m) => m.on >= (agreed ?? referred));
      const mtg = meetings[meetingIdx];
      let status = 'OPEN';
      let admittedOn: number | null = null;
      let admittedSchool: string | null = null;
      const decisions: Row[] = [];
      if (agreed !== null && mtg) {
        let decideAt = mtg;
        let supersedes: string | null = null;
        if (rng.chance(0.1) && meetings[meetingIdx + 1]) {
          supersedes = rng.uuid();
          decideAt = meetings[meetingIdx + 1]!;
          decisions.push([
            supersedes,
            id,
            mtg.id,
            'DEFER',
            'More information',
            'Panel',
            null,
            null,
            decideAt.id,
            null,
            'bench',
          ]);
        }
        const school = rng.pick([...orgs.secondaries, ...orgs.primaries]);
        const decisionId = rng.uuid();
        decisions.push([
          decisionId,
          id,
          decideAt.id,
          'ALLOCATE_SCHOOL',
          'Allocated',
          'Panel',
          school,
          day(decideAt.on + 10),
          null,
          supersedes,
          'bench',
        ]);
        status = 'ALLOCATED';
        if (rng.chance(0.2)) {
          T.response.rows.push([
            decisionId,
            id,
            school,
            day(decideAt.on),
            day(decideAt.on + 3),
            'REFUSED',
            '{CHALLENGING_BEHAVIOUR}',
            'Refused',
            'false',
            'bench',
          ]);
          if (rng.chance(0.3))
            T.direction.rows.push([
              decisionId,
              id,
              school,
              'LA_DIRECTION',
              'REFUSAL',
              day(decideAt.on + 7),
              'Direct',
              'DIRECTED',
              day(decideAt.on + 20),
              'bench',
            ]);
        }
        if (rng.chance(0.8) && decideAt.on + 20 < TODAY) {
          status = 'ADMITTED';
          admittedOn = decideAt.on + rng.int(5, 20);
          admittedSchool = school;
        }
      }
      T.referral.rows.push([
        id,
        laId,
        p.pupilId,
        'LA_SERVICE',
        'Officer',
        day(referred),
        '{AP_REINTEGRATION_OR_PEX}',
        'PANEL',
        status,
        String(rng.int(0, 11)),
        p.sen,
        'false',
        'Needs a place',
        '{}',
        agreed === null ? null : day(agreed),
        admittedOn === null ? null : day(admittedOn),
        admittedSchool,
        'bench',
      ]);
      T.decision.rows.push(...decisions);
    }
  }
  counts.referrals = T.referral.rows.length;

  // ---- Write ----
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    // Generated chains never overlap, so the per-row hours trigger is switched off for the bulk load only.
    await client.query('ALTER TABLE "Placement" DISABLE TRIGGER "Placement_concurrent_hours"');
    for (const t of Object.values(T)) {
      const started = Date.now();
      await insert(client, t);
      if (t.rows.length > 10_000)
        log(`  ${t.name}: ${t.rows.length} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    await client.query('ALTER TABLE "Placement" ENABLE TRIGGER "Placement_concurrent_hours"');
  } finally {
    await client.end();
  }
  return counts;
}

/** Multi-row insert through unnest: every column travels as text and is cast to its SQL type. */
async function insert(client: pg.Client, t: Table, batch = 5000): Promise<void> {
  const cols = t.cols.map(([c]) => `"${c}"`).join(', ');
  const select = t.cols.map(([, type], i) => `c${i}::${type}`).join(', ');
  const unnest = t.cols.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const names = t.cols.map((_, i) => `c${i}`).join(', ');
  const sql = `INSERT INTO "${t.name}" (${cols}) SELECT ${select} FROM unnest(${unnest}) AS u(${names})`;
  for (let i = 0; i < t.rows.length; i += batch) {
    const chunk = t.rows.slice(i, i + batch);
    await client.query(
      sql,
      t.cols.map((_, c) => chunk.map((r) => r[c] ?? null)),
    );
  }
}

if (process.argv[1]?.endsWith('generateScale.ts')) {
  const n = Number(process.argv[2] ?? 100_000);
  generateScale(process.env.DATABASE_URL!, n).then(
    (c) => console.log(c),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
