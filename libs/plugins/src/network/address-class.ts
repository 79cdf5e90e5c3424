import { BlockList, isIP } from 'node:net';

/** What kind of place an IP address is, for the outbound request policy. */
export type AddressClass = 'loopback' | 'link-local' | 'private' | 'special' | 'public';

const CLASSES: Array<[AddressClass, Array<[string, number, 'ipv4' | 'ipv6']>]> = [
  [
    'loopback',
    [
      ['127.0.0.0', 8, 'ipv4'],
      ['::1', 128, 'ipv6'],
    ],
  ],
  [
    'link-local',
    [
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ],
  ],
  [
    'private',
    [
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
      ['100.64.0.0', 10, 'ipv4'],
      ['fc00::', 7, 'ipv6'],
    ],
  ],
  [
    'special',
    [
      ['0.0.0.0', 8, 'ipv4'],
      ['224.0.0.0', 3, 'ipv4'], // multicast and reserved, up to 255.255.255.255
      ['192.0.0.0', 24, 'ipv4'],
      ['198.18.0.0', 15, 'ipv4'],
      ['::', 128, 'ipv6'],
      ['ff00::', 8, 'ipv6'],
      ['2001:db8::', 32, 'ipv6'],
    ],
  ],
];

const LISTS = CLASSES.map(([name, ranges]) => {
  const list = new BlockList();
  for (const [net, prefix, type] of ranges) list.addSubnet(net, prefix, type);
  return [name, list] as const;
});

/**
 * The IPv4 address inside an IPv6 one that stands for it (`::ffff:7f00:1`, `::127.0.0.1`,
 * NAT64 `64:ff9b::7f00:1`), so that no spelling of 127.0.0.1 passes for a public address.
 */
export function embeddedIPv4(address: string): string | null {
  const groups = expandIPv6(address);
  if (!groups) return null;
  const [a, b, c, d, e, f, g, h] = groups;
  const zeros = (...x: number[]) => x.every((v) => v === 0);
  const mapped = zeros(a, b, c, d, e) && (f === 0xffff || f === 0);
  const nat64 = a === 0x64 && b === 0xff9b && zeros(c, d, e, f);
  if (!mapped && !nat64) return null;
  if (f === 0 && !nat64 && zeros(g) && h <= 1) return null; // `::` and `::1` are IPv6 themselves
  return [g >> 8, g & 0xff, h >> 8, h & 0xff].join('.');
}

/** Eight 16-bit groups, or null when `address` is not IPv6. */
function expandIPv6(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let text = address.split('%')[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [p, q, r, s] = v4[1].split('.').map(Number);
    text = `${text.slice(0, -v4[1].length)}${((p << 8) | q).toString(16)}:${((r << 8) | s).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  const all = [...left, ...fill, ...right].map((g) => parseInt(g, 16));
  return all.length === 8 && all.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? all : null;
}

/** Classifies an IP address (IPv4-mapped and NAT64 IPv6 addresses as their IPv4 address). */
export function classifyAddress(address: string): AddressClass {
  const v4 = embeddedIPv4(address);
  const ip = v4 ?? address.split('%')[0];
  const type = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
  for (const [name, list] of LISTS) if (list.check(ip, type)) return name;
  return 'public';
}

/** `10.0.0.0/8`, `fd00::/8`, or a single address: a BlockList of the owner's allowed ranges. */
export function rangeList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [net, prefixText] = range.split('/');
    const type = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    const prefix = prefixText === undefined ? (type === 'ipv4' ? 32 : 128) : Number(prefixText);
    list.addSubnet(net, prefix, type);
  }
  return list;
}

export function inRanges(list: BlockList, address: string): boolean {
  const ip = embeddedIPv4(address) ?? address.split('%')[0];
  return list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}
