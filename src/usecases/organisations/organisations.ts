import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { authorise } from '../../access/permissions';
import { once } from '../../record/idempotency';
import { conflict, invalid, notFound, type FieldProblem } from '../../errors';
import { validateLaestab, validateUkprn, validateUrn, AP_SETTING_TYPES } from '../../domain/identifiers';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { toDbOrNull } from '../dates';
import { parseInput, isoDate, nameText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';

/** The answer when an identifier is taken outside the caller's LA: no name, no LA. */
const DUPLICATE_IDENTIFIER =
  'This identifier is already in use on the record. Check it against Get Information about Schools.';

const schoolSchema = z.object({
  urn: z.string().trim(),
  laestab: z.string().trim(),
  name: nameText('The school name', 200),
  phase: z.enum(['PRIMARY', 'SECONDARY', 'ALL_THROUGH', 'SPECIAL', 'ALTERNATIVE_PROVISION']),
  type: z.enum(['MAINTAINED', 'ACADEMY', 'SPECIAL', 'PRU', 'AP_ACADEMY', 'AP_FREE_SCHOOL', 'INDEPENDENT']),
  numberOnRoll: z
    .number()
    .int()
    .min(0, 'Number on roll cannot be negative.')
    .max(5000, 'Number on roll looks too large.'),
});

/** Rule V5: URN 6 digits; LAESTAB 7 digits whose first three are this LA's code. */
export async function registerSchool(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'organisation.manage');
  const f = parseInput(schoolSchema, input);
  return once(deps.prisma, actor, clientKey, 'registerSchool', f, async (tx) => {
    const la = await tx.localAuthority.findUniqueOrThrow({ where: { id: actor.laId } });
    const problems: FieldProblem[] = [];
    const urn = validateUrn(f.urn);
    if (!urn.ok) problems.push({ field: 'urn', message: `${urn.message} (rule V5).` });
    const laestab = validateLaestab(f.laestab, la.code);
    if (!laestab.ok) problems.push({ field: 'laestab', message: `${laestab.message} (rule V5).` });
    if (problems.length) throw invalid(problems);
    const dup = await tx.school.findFirst({ where: { OR: [{ urn: f.urn }, { laestab: f.laestab }] } });
    // Another LA's school is not named: the answer says only what the caller's own directory would show.
    if (dup)
      throw conflict(
        dup.laId === actor.laId
          ? `A school with this URN or LAESTAB is already recorded (${dup.name}).`
          : DUPLICATE_IDENTIFIER,
      );
    const s = await tx.school.create({ data: { ...f, laId: la.id }, select: { id: true } });
    await audit(tx, actor, 'school.register', 'SCHOOL', [s.id]);
    return { id: s.id };
  });
}

const providerSchema = z.object({
  name: nameText('The provider name', 200),
  kind: z.enum(['REGISTERED_SCHOOL', 'REGISTERED_INDEPENDENT_SCHOOL', 'UNREGISTERED']),
  schoolId: uuid.nullish(),
  urn: z.string().trim().nullish(),
  ukprn: z.string().trim().nullish(),
  settingType: z.string().trim().nullish(),
  registrationReference: z.string().max(100).nullish(),
  address: z.string().trim().max(500).nullish(),
});

/**
 * A registered school has a URN; an unregistered provider has none, and is identified by a UKPRN
 * or an AP census setting type (rule V5: exactly one).
 */
export async function registerProvider(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'organisation.manage');
  const f = parseInput(providerSchema, input);
  const problems: FieldProblem[] = [];
  const given = [f.urn, f.ukprn, f.settingType].filter(Boolean).length;
  if (given !== 1)
    problems.push({ field: 'urn', message: 'Give exactly one of URN, UKPRN or AP setting type (rule V5).' });
  if (f.kind !== 'UNREGISTERED' && !f.urn)
    problems.push({ field: 'urn', message: 'A registered school is identified by its URN.' });
  if (f.kind === 'UNREGISTERED' && f.urn)
    problems.push({ field: 'urn', message: 'An unregistered provider has no URN; give its UKPRN or AP setting type.' });
  if (f.urn) {
    const r = validateUrn(f.urn);
    if (!r.ok) problems.push({ field: 'urn', message: `${r.message} (rule V5).` });
  }
  if (f.ukprn) {
    const r = validateUkprn(f.ukprn);
    if (!r.ok) problems.push({ field: 'ukprn', message: `${r.message} (rule V5).` });
  }
  if (f.settingType && !(AP_SETTING_TYPES as readonly string[]).includes(f.settingType))
    problems.push({ field: 'settingType', message: 'The AP setting type must be NFE, OOT, OTH or WBP (rule V5).' });
  if (f.schoolId && f.kind !== 'REGISTERED_SCHOOL')
    problems.push({ field: 'schoolId', message: 'Only a state-funded AP school links to a school record.' });
  if (problems.length) throw invalid(problems);
  return once(deps.prisma, actor, clientKey, 'registerProvider', f, async (tx) => {
    if (f.schoolId && !(await tx.school.findFirst({ where: { id: f.schoolId, laId: actor.laId } })))
      throw notFound('school');
    const dup = await tx.provider.findFirst({
      where: {
        OR: [f.urn ? { urn: f.urn } : {}, f.ukprn ? { ukprn: f.ukprn } : {}].filter((o) => Object.keys(o).length),
      },
    });
    if (dup && (f.urn || f.ukprn))
      throw conflict(
        dup.laId === actor.laId
          ? `A provider with this URN or UKPRN is already recorded (${dup.name}).`
          : DUPLICATE_IDENTIFIER,
      );
    const p = await tx.provider.create({
      data: {
        laId: actor.laId,
        name: f.name,
        kind: f.kind,
        schoolId: f.schoolId ?? null,
        urn: f.urn ?? null,
        ukprn: f.ukprn ?? null,
        settingType: f.settingType ?? null,
        registrationReference: f.registrationReference ?? null,
        address: f.address || null,
      },
      select: { id: true },
    });
    await writeOutbox(tx, 'provider.changed', 'PROVIDER', p.id, actor.laId);
    await audit(tx, actor, 'provider.register', 'PROVIDER', [p.id]);
    return { id: p.id };
  });
}

const checksSchema = z.object({
  providerId: uuid,
  qaCheckDate: isoDate.nullish(),
  qaOutcome: z.enum(['SATISFACTORY', 'CONCERNS', 'UNSATISFACTORY']).nullish(),
  safeguardingCheckDate: isoDate.nullish(),
  safeguardingOutcome: z.enum(['SATISFACTORY', 'CONCERNS', 'UNSATISFACTORY']).nullish(),
  riskAssessmentDate: isoDate.nullish(),
  onApprovedList: z.boolean().nullish(),
});

/** Quality assurance and safeguarding checks on a provider (rules U4–U6). A date needs its outcome. */
export async function recordProviderChecks(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'organisation.manage');
  const f = parseInput(checksSchema, input);
  const problems: FieldProblem[] = [];
  if (Boolean(f.qaCheckDate) !== Boolean(f.qaOutcome))
    problems.push({ field: 'qaOutcome', message: 'Give both the QA check date and its outcome.' });
  if (Boolean(f.safeguardingCheckDate) !== Boolean(f.safeguardingOutcome))
    problems.push({ field: 'safeguardingOutcome', message: 'Give both the safeguarding check date and its outcome.' });
  const today = deps.clock.today();
  for (const k of ['qaCheckDate', 'safeguardingCheckDate', 'riskAssessmentDate'] as const) {
    if (f[k] && f[k]! > today) problems.push({ field: k, message: 'A check cannot be dated in the future.' });
  }
  if (problems.length) throw invalid(problems);
  return once(deps.prisma, actor, clientKey, 'recordProviderChecks', f, async (tx) => {
    const p = await tx.provider.findFirst({ where: { id: f.providerId, laId: actor.laId } });
    if (!p) throw notFound('AP provider');
    await tx.provider.update({
      where: { id: p.id },
      data: {
        ...(f.qaCheckDate ? { qaCheckDate: toDbOrNull(f.qaCheckDate), qaOutcome: f.qaOutcome } : {}),
        ...(f.safeguardingCheckDate
          ? { safeguardingCheckDate: toDbOrNull(f.safeguardingCheckDate), safeguardingOutcome: f.safeguardingOutcome }
          : {}),
        ...(f.riskAssessmentDate ? { riskAssessmentDate: toDbOrNull(f.riskAssessmentDate) } : {}),
        ...(typeof f.onApprovedList === 'boolean' ? { onApprovedList: f.onApprovedList } : {}),
      },
    });
    await writeOutbox(tx, 'provider.changed', 'PROVIDER', p.id, actor.laId);
    await audit(tx, actor, 'provider.checks', 'PROVIDER', [p.id]);
    return { id: p.id };
  });
}
