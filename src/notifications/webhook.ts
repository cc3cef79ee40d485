import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { UnrecoverableError } from 'bullmq';
import type { PrismaClient } from '../generated/prisma/client';
import { guardedLookup, webhookUrlProblem } from './webhookTarget';

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

export interface WebhookPolicy {
  /** WEBHOOK_ALLOW_PRIVATE_ADDRESSES: tests and development only. */
  allowPrivate: boolean;
}

/** POSTs with the address guard: only to public addresses, checked at connection time. */
function post(url: string, headers: Record<string, string>, body: string, policy: WebhookPolicy): Promise<number> {
  const problem = webhookUrlProblem(url, policy.allowPrivate);
  // Not retried: the address will not become acceptable by waiting.
  if (problem) return Promise.reject(new UnrecoverableError(`webhook refused: ${problem}`));
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(policy.allowPrivate) as never,
        timeout: 10_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('webhook timed out')));
    req.on('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EWEBHOOKADDRESS' ? new UnrecoverableError(`webhook refused: ${err.message}`) : err),
    );
    req.end(body);
  });
}

export async function deliverFlagWebhook(
  prisma: PrismaClient,
  publicUrl: string,
  flagId: string,
  policy: WebhookPolicy,
  now = () => Date.now(),
) {
  const flag = await prisma.flag.findUnique({
    where: { id: flagId },
    include: { la: { include: { settings: true } } },
  });
  if (!flag) return { delivered: false, reason: 'flag no longer exists' };
  const settings = flag.la.settings;
  if (!settings?.webhookUrl || !settings.webhookSecret)
    return { delivered: false, reason: 'no webhook configured for this LA' };
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
  const status = await post(
    settings.webhookUrl,
    {
      'content-type': 'application/json',
      'x-ap-signature': signWebhook(settings.webhookSecret, t, body),
      'x-ap-delivery': flag.id,
    },
    body,
    policy,
  );
  // Anything but 2xx is retried by the queue with exponential backoff.
  if (status < 200 || status > 299) throw new WebhookDeliveryError(`webhook answered ${status}`);
  return { delivered: true, status };
}
