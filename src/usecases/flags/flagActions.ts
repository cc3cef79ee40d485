import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { flagScope } from '../../access/scope';
import { authorise } from '../../access/permissions';
import { once } from '../../record/idempotency';
import { audit } from '../../record/audit';
import { conflict, invalid, notFound } from '../../errors';
import { validateOverride } from '../../domain/flags/thresholds';
import { parseInput, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { checkWebhookTarget } from '../../notifications/webhookTarget';
import type { WebhookPolicy } from '../../notifications/webhook';

const ackSchema = z.object({ flagId: uuid });

/** Anyone who can see a flag can acknowledge it: "we have seen this and are acting". */
export async function acknowledgeFlag(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'flag.acknowledge');
  const f = parseInput(ackSchema, input);
  return once(deps.prisma, actor, clientKey, 'acknowledgeFlag', f, async (tx) => {
    const flag = await tx.flag.findFirst({ where: { AND: [{ id: f.flagId }, flagScope(actor, 'flag.acknowledge')] } });
    if (!flag) throw notFound('flag');
    if (flag.status !== 'OPEN')
      throw conflict(`This flag is ${flag.status.toLowerCase()}; only an open flag can be acknowledged.`);
    await tx.flag.update({
      where: { id: flag.id },
      data: { status: 'ACKNOWLEDGED', acknowledgedAt: new Date(), acknowledgedBy: actor.userId },
    });
    await audit(tx, actor, 'flag.acknowledge', 'FLAG', [flag.id]);
    return { id: flag.id };
  });
}

const dismissSchema = z.object({ flagId: uuid, reason: requiredText('A reason for dismissing', 1000) });

/**
 * Only an LA officer dismisses, with a reason. A dismissed flag stays dismissed while its evidence
 * is no worse than when it was dismissed (the workers compare evidence scores).
 */
export async function dismissFlag(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'flag.dismiss');
  const f = parseInput(dismissSchema, input);
  return once(deps.prisma, actor, clientKey, 'dismissFlag', f, async (tx) => {
    const flag = await tx.flag.findFirst({ where: { AND: [{ id: f.flagId }, flagScope(actor, 'flag.dismiss')] } });
    if (!flag) throw notFound('flag');
    if (flag.status === 'RESOLVED' || flag.status === 'DISMISSED')
      throw conflict(`This flag is already ${flag.status.toLowerCase()}.`);
    await tx.flag.update({
      where: { id: flag.id },
      data: {
        status: 'DISMISSED',
        dismissedAt: new Date(),
        dismissedBy: actor.userId,
        dismissedReason: f.reason,
        dismissedScore: flag.evidenceScore,
      },
    });
    await audit(tx, actor, 'flag.dismiss', 'FLAG', [flag.id]);
    return { id: flag.id };
  });
}

const webhookSchema = z.object({
  url: z
    .string()
    .url('The webhook address must be a full URL.')
    .refine((u) => /^https?:\/\//.test(u), 'The webhook address must start with http:// or https://.'),
  secret: z.string().min(32, 'The signing secret must be at least 32 characters.'),
});

/**
 * Where the LA wants high-severity flags delivered, and the secret they are signed with. Only a
 * public http(s) address (src/notifications/webhookTarget.ts): never loopback, private or link-local.
 */
export async function configureWebhook(deps: UseCaseDeps & { webhooks: WebhookPolicy }, actor: Actor, input: unknown) {
  authorise(actor, 'settings.manage');
  const f = parseInput(webhookSchema, input);
  const target = await checkWebhookTarget(f.url, deps.webhooks.allowPrivate);
  if (target) throw invalid([{ field: 'url', message: target }]);
  return deps.prisma.$transaction(async (tx) => {
    await tx.laSettings.upsert({
      where: { laId: actor.laId },
      create: { laId: actor.laId, webhookUrl: f.url, webhookSecret: f.secret },
      update: { webhookUrl: f.url, webhookSecret: f.secret, updatedAt: new Date() },
    });
    await audit(tx, actor, 'settings.webhook', 'LOCAL_AUTHORITY', [actor.laId]);
    return { url: f.url };
  });
}

const overrideSchema = z.object({ key: z.string().min(1), value: z.number(), reason: requiredText('A reason', 1000) });

/** An LA tightens a threshold; loosening a legal, statutory or proposed limit is refused. */
export async function setThresholdOverride(deps: UseCaseDeps, actor: Actor, input: unknown) {
  authorise(actor, 'settings.manage');
  const f = parseInput(overrideSchema, input);
  const check = validateOverride(f.key, f.value);
  if (!check.ok) throw invalid([{ field: 'value', message: check.message }], `${check.message} Nothing was saved.`);
  return deps.prisma.$transaction(async (tx) => {
    if (check.effect === 'UNCHANGED')
      await tx.laRuleOverride.deleteMany({ where: { laId: actor.laId, key: check.key } });
    else
      await tx.laRuleOverride.upsert({
        where: { laId_key: { laId: actor.laId, key: check.key } },
        create: { laId: actor.laId, key: check.key, value: check.value, reason: f.reason, setBy: actor.userId },
        update: { value: check.value, reason: f.reason, setBy: actor.userId, setAt: new Date() },
      });
    await audit(tx, actor, 'settings.threshold', 'LOCAL_AUTHORITY', [actor.laId]);
    return { key: check.key, value: check.value };
  });
}
