import { createHmac } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client';

/**
 * Signed webhook for a new high-severity flag. The payload carries IDs, the rule and a link —
 * never a pupil's name or other personal data. Receivers verify
 *   X-AP-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the LA's secret>
 * and should refuse a timestamp more than 5 minutes old.
 */
export interface FlagWebhookPayload {
  event: 'flag.opened';
  flagId: string;
  ruleId: string;
  severity: string;
  outcome: string;
  title: string;
  subjectType: string;
  subjectId: string;
  localAuthorityCode: string;
  firstSeenAt: string;
  link: string;
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export class WebhookDeliveryError extends Error {}

export async function deliverFlagWebhook(prisma: PrismaClient, publicUrl: string, flagId: string, now = () => Date.now()) {
  const flag = await prisma.flag.findUnique({ where: { id: flagId }, include: { la: { include: { settings: true } } } });
  if (!flag) return { delivered: false, reason: 'flag no longer exists' };
  const settings = flag.la.settings;
  if (!settings?.webhookUrl || !settings.webhookSecret) return { delivered: false, reason: 'no webhook configured for this LA' };
  if (flag.status !== 'OPEN') return { delivered: false, reason: `flag is ${flag.status.toLowerCase()}` };
  const payload: FlagWebhookPayload = {
    event: 'flag.opened',
    flagId: flag.id,
    ruleId: flag.ruleId,
    severity: flag.severity,
    outcome: flag.outcome,
    title: flag.title,
    subjectType: flag.subjectType,
    subjectId: flag.subjectId,
    localAuthorityCode: flag.la.code,
    firstSeenAt: flag.firstSeenAt.toISOString(),
    link: `${publicUrl.replace(/\/$/, '')}/flags/${flag.id}`,
  };
  const body = JSON.stringify(payload);
  const t = Math.floor(now() / 1000);
  const res = await fetch(settings.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ap-signature': signWebhook(settings.webhookSecret, t, body), 'x-ap-delivery': flag.id },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  // Anything but 2xx is retried by the queue with exponential backoff.
  if (!res.ok) throw new WebhookDeliveryError(`webhook answered ${res.status}`);
  return { delivered: true, status: res.status };
}
