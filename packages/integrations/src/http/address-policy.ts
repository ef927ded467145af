import { BlockList, isIP } from 'node:net';

/**
 * Where an integration request may go. `blocked` addresses are never
 * reachable (cloud metadata services hand out credentials to whoever asks
 * from inside the instance); `private` ones only when the deployment allows
 * it (self-hosted setups reach Prometheus on the LAN or on loopback).
 */
export type AddressClass = 'public' | 'private' | 'blocked';

function blockListOf(ranges: Array<[string, number, 'ipv4' | 'ipv6']>): BlockList {
  const list = new BlockList();
  for (const [network, prefix, type] of ranges) list.addSubnet(network, prefix, type);
  return list;
}

// Link-local, metadata and addresses that never name a real remote host.
const alwaysBlocked = blockListOf([
  ['0.0.0.0', 8, 'ipv4'], // "this network": 0.0.0.0 reaches local listeners on Linux
  ['169.254.0.0', 16, 'ipv4'], // link-local, incl. 169.254.169.254 (AWS, GCP, Azure, OpenStack metadata)
  ['100.100.100.200', 32, 'ipv4'], // Alibaba Cloud metadata
  ['192.0.0.192', 32, 'ipv4'], // Oracle Cloud metadata (older endpoint)
  ['168.63.129.16', 32, 'ipv4'], // Azure WireServer (host agent, hands out VM extension config)
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, incl. 255.255.255.255 broadcast
  ['::', 128, 'ipv6'], // unspecified
  ['fe80::', 10, 'ipv6'], // link-local
  ['fd00:ec2::254', 128, 'ipv6'], // AWS metadata over IPv6
  ['fec0::', 10, 'ipv6'], // deprecated site-local: still routed as local on some networks
  ['ff00::', 8, 'ipv6'], // multicast
]);

const privateRanges = blockListOf([
  ['10.0.0.0', 8, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT, used inside some clouds' VPCs
  ['198.18.0.0', 15, 'ipv4'], // benchmarking range, used for internal networks in practice
  ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64 (RFC 8215): translates into the operator's own network
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'], // unique local
]);

/** The 16 bytes of an IPv6 address (any textual form Node accepts), or undefined. */
function ipv6Bytes(address: string): number[] | undefined {
  let text = address.split('%')[0] ?? address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const octets = dotted[1].split('.').map(Number);
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const groups = [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return groups.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [(value >> 8) & 0xff, value & 0xff];
  });
}

/**
 * The IPv4 address embedded in an IPv4-mapped (::ffff:a.b.c.d), NAT64
 * (64:ff9b::a.b.c.d) or deprecated IPv4-compatible (::a.b.c.d) IPv6 address:
 * those reach the IPv4 host, so they must be judged as it would be.
 */
function embeddedIpv4(address: string): string | undefined {
  const bytes = ipv6Bytes(address);
  if (!bytes) return undefined;
  const prefix = bytes.slice(0, 12);
  const zeros = (from: number, to: number) => prefix.slice(from, to).every((b) => b === 0);
  const mapped = zeros(0, 10) && prefix[10] === 0xff && prefix[11] === 0xff;
  const nat64 =
    prefix[0] === 0x00 &&
    prefix[1] === 0x64 &&
    prefix[2] === 0xff &&
    prefix[3] === 0x9b &&
    zeros(4, 12);
  const compatible =
    zeros(0, 12) &&
    bytes.slice(12).some((b) => b !== 0) &&
    !(bytes[15] === 1 && bytes.slice(12, 15).every((b) => b === 0));
  if (!mapped && !nat64 && !compatible) return undefined;
  return bytes.slice(12).join('.');
}

/**
 * Classifies an IP address literal (v4 or v6). Anything that is not a valid
 * IP address is `blocked`: callers resolve names first and judge the result.
 */
export function classifyAddress(address: string): AddressClass {
  const family = isIP(address);
  if (family === 0) return 'blocked';
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return classifyAddress(v4);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (alwaysBlocked.check(address, type)) return 'blocked';
  if (privateRanges.check(address, type)) return 'private';
  return 'public';
}
