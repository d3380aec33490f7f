/**
 * Which IP addresses a URL fetch must not reach unless the user allows it.
 *
 * A page fetched on a user's behalf must not become a way into their own
 * network (routers, admin panels, the cloud metadata service at
 * 169.254.169.254): every address that is not ordinary public unicast is
 * refused. The lists follow the IANA special-purpose registries
 * (RFC 6890 and its updates).
 */
import { isIP } from 'node:net';

/** Why an address is refused, as a short adjective ("private", "loopback", ...), or null when it is public. */
export function blockedAddressKind(address: string): string | null {
  const version = isIP(address);
  if (version === 4) return blockedIPv4(parseIPv4(address));
  if (version === 6) return blockedIPv6(parseIPv6(address));
  // Not an address at all: refusing is the safe answer.
  return 'invalid';
}

/** The four octets packed into an unsigned 32-bit number. */
function parseIPv4(address: string): number {
  const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function inV4(ip: number, base: string, bits: number): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((ip & mask) >>> 0) === ((parseIPv4(base) & mask) >>> 0);
}

const V4_RANGES: ReadonlyArray<[base: string, bits: number, kind: string]> = [
  ['0.0.0.0', 8, 'unspecified'], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8, 'private'], // RFC 1918
  ['100.64.0.0', 10, 'shared (CGNAT)'], // RFC 6598, carrier-grade NAT: the provider's internal side
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // includes the cloud metadata service 169.254.169.254
  ['172.16.0.0', 12, 'private'], // RFC 1918
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16, 'private'], // RFC 1918
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

function blockedIPv4(ip: number): string | null {
  for (const [base, bits, kind] of V4_RANGES) if (inV4(ip, base, bits)) return kind;
  return null;
}

/** Eight 16-bit groups; accepts `::` compression, an embedded dotted IPv4 tail and a `%zone`. */
function parseIPv6(address: string): number[] {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // Rewrite a dotted IPv4 tail ("::ffff:127.0.0.1") as two hex groups ("::ffff:7f00:1").
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const head = parse(halves[0]!);
  const rest = halves.length > 1 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  return [...head, ...new Array<number>(Math.max(0, missing)).fill(0), ...rest];
}

function blockedIPv6(g: number[]): string | null {
  const allZeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  const embeddedV4 = (hi: number, lo: number) => blockedIPv4(((hi << 16) | lo) >>> 0);

  if (allZeroUpTo(8)) return 'unspecified';
  if (allZeroUpTo(7) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d) and the deprecated IPv4-compatible (::a.b.c.d) forms
  // reach the IPv4 address inside: judge that one.
  if (allZeroUpTo(5) && g[5] === 0xffff) return embeddedV4(g[6]!, g[7]!);
  if (allZeroUpTo(6)) return embeddedV4(g[6]!, g[7]!);
  // NAT64 (64:ff9b::/96) translates to the IPv4 address in the low 32 bits.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return embeddedV4(g[6]!, g[7]!);
  // 6to4 (2002::/16) tunnels to the IPv4 address in bits 16-47.
  if (g[0] === 0x2002) return embeddedV4(g[1]!, g[2]!);
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return 'unique-local'; // fc00::/7
  if ((first & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((first & 0xffc0) === 0xfec0) return 'site-local'; // fec0::/10, deprecated but still routed inside some sites
  if ((first & 0xff00) === 0xff00) return 'multicast'; // ff00::/8
  if (first === 0x2001 && g[1] === 0x0db8) return 'documentation'; // 2001:db8::/32
  if (first === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return 'reserved'; // 100::/64 discard
  return null;
}
