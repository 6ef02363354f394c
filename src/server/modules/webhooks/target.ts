import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** What a delivery may reach: in production only public HTTPS addresses. */
export type TargetPolicy = { allowPrivate: boolean };

// Loopback, private, link-local, carrier-grade NAT, documentation, benchmarking, multicast and reserved ranges.
const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

/** Whether an IP address is one a webhook must not reach (private, loopback, link-local, reserved). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPrivateAddress(mapped[1]!);
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) return blocked.check(address, 'ipv6');
  return true;
}

/** Why a URL may not receive webhooks (scheme and literal address), or null when it may. */
export function urlProblem(url: string, policy: TargetPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a web address';
  }
  if (parsed.protocol !== 'https:' && !(policy.allowPrivate && parsed.protocol === 'http:'))
    return 'must be an https:// address';
  if (parsed.username || parsed.password) return 'must not carry a user name or password';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!policy.allowPrivate && isIP(host) && isPrivateAddress(host))
    return 'must not be a private, loopback or link-local address';
  if (!policy.allowPrivate && /(^|\.)localhost$/i.test(host)) return 'must not be localhost';
  return null;
}

/**
 * Resolves the host and checks every address it has, at delivery time (a name that pointed at a public
 * address when subscribed may point inside the shop now). Returns the address to connect to, so the check
 * and the connection see the same answer.
 */
export async function resolveTarget(
  url: URL,
  policy: TargetPolicy,
): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  const addresses = family
    ? [{ address: host, family }]
    : await lookup(host, { all: true, verbatim: true }).catch(() => {
        throw new Error(`the name ${host} did not resolve`);
      });
  if (!addresses.length) throw new Error(`the name ${host} did not resolve`);
  if (!policy.allowPrivate) {
    const inside = addresses.find((a) => isPrivateAddress(a.address));
    if (inside) throw new Error(`${host} resolves to a private address (${inside.address}); refused`);
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
