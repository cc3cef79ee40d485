import { lookup } from 'node:dns';
import { isIP, BlockList } from 'node:net';

/**
 * Where a webhook may go: a public http(s) address. Loopback, private, link-local (cloud metadata at
 * 169.254.169.254), carrier-grade NAT, multicast and other reserved ranges are refused, when the URL
 * is configured and again at delivery for every address the name resolves to (DNS can change, or point
 * a public-looking name at 127.0.0.1). WEBHOOK_ALLOW_PRIVATE_ADDRESSES lifts this for tests and development.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/**
 * True for an address a webhook must never reach. IPv4-mapped IPv6 (::ffff:127.0.0.1) is checked as
 * IPv4 (no ::ffff:0:0/96 subnet in the list: BlockList would then match every IPv4 address against it).
 */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family === 6) return blocked.check(bare, 'ipv6');
  return true;
}

const INTERNAL_NAMES = /(^|\.)(localhost|local|internal|intranet|lan|home|corp|localdomain)\.?$/i;

/** Problems with the URL itself (no DNS): scheme, credentials, an internal name or a forbidden literal address. */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'The webhook address must be a full URL.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'The webhook address must start with http:// or https://.';
  if (url.username || url.password) return 'The webhook address cannot carry a user name or password.';
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host))
    return isForbiddenAddress(host)
      ? 'The webhook address must be a public address, not a loopback, private or link-local one.'
      : null;
  if (!host.includes('.') || INTERNAL_NAMES.test(host))
    return 'The webhook address must be a public host name, not an internal one.';
  return null;
}

export function resolveAll(hostname: string): Promise<string[]> {
  return new Promise((resolve, reject) =>
    lookup(hostname, { all: true, verbatim: true }, (err, addrs) =>
      err ? reject(err) : resolve(addrs.map((a) => a.address)),
    ),
  );
}

/** At configuration: the URL checks, plus every address the name resolves to now (an unresolvable name is checked again at delivery). */
export async function checkWebhookTarget(raw: string, allowPrivate: boolean): Promise<string | null> {
  const problem = webhookUrlProblem(raw, allowPrivate);
  if (problem || allowPrivate) return problem;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return null;
  const addresses = await resolveAll(host).catch(() => [] as string[]);
  return addresses.some(isForbiddenAddress)
    ? 'The webhook address resolves to a loopback, private or link-local address.'
    : null;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | { address: string; family: number }[],
  family?: number,
) => void;

/**
 * A dns.lookup for the HTTP client that refuses forbidden addresses at connection time, so the
 * address checked is the address connected to (no window for DNS rebinding between check and use).
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean } & Record<string, unknown>, callback: LookupCallback) => {
    lookup(hostname, { ...options, all: true, verbatim: true }, (err, addrs) => {
      if (err) return callback(err, '');
      const list = addrs as { address: string; family: number }[];
      const bad = allowPrivate ? undefined : list.find((a) => isForbiddenAddress(a.address));
      if (bad) {
        const e = Object.assign(new Error(`webhook host ${hostname} resolves to a forbidden address`), {
          code: 'EWEBHOOKADDRESS',
        });
        return callback(e, '');
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      return callback(null, first.address, first.family);
    });
  };
}
