import { isIPv4, isIPv6 } from 'node:net';

// Addresses and blocks as the access list keeps them: IPv4 dotted, IPv6 as eight
// uncompressed groups (the form Atlas's schema admits), blocks with their prefix.

export interface Block {
  /** Canonical "address/prefix". */
  cidr: string;
  address: string;
  prefix: number;
  v6: boolean;
}

function v6Groups(ip: string): number[] {
  const [head, tail] = ip.toLowerCase().split('::') as [string, string | undefined];
  const parse = (s: string) => (s ? s.split(':') : []);
  let left = parse(head);
  let right = parse(tail ?? '');
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups.
  const fix = (parts: string[]) => {
    const last = parts[parts.length - 1];
    if (last && last.includes('.')) {
      const [a, b, c, d] = last.split('.').map(Number) as [number, number, number, number];
      parts.splice(parts.length - 1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
    }
    return parts;
  };
  if (tail === undefined) left = fix(left);
  else right = fix(right);
  const fill = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16));
}

const v4Number = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const v4Text = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/** The address in the access list's form, or undefined when it is not one. */
export function parseAddress(text: string): { address: string; v6: boolean } | undefined {
  if (isIPv4(text)) return { address: v4Text(v4Number(text)), v6: false };
  if (isIPv6(text) && !text.includes('%')) return { address: v6Groups(text).map((g) => g.toString(16)).join(':'), v6: true };
  return undefined;
}

/** Parses "address/prefix"; `canonical` is false when host bits are set (10.0.0.1/8). */
export function parseBlock(text: string): (Block & { canonical: boolean }) | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parsed = parseAddress(m[1]!);
  const prefix = Number(m[2]);
  if (!parsed || prefix > (parsed.v6 ? 128 : 32)) return undefined;
  let network: string;
  if (parsed.v6) {
    const groups = v6Groups(parsed.address).map((g, i) => {
      const bits = Math.min(16, Math.max(0, prefix - i * 16));
      return bits === 0 ? 0 : g & ~((1 << (16 - bits)) - 1) & 0xffff;
    });
    network = groups.map((g) => g.toString(16)).join(':');
  } else {
    const n = v4Number(parsed.address);
    const size = 2 ** (32 - prefix);
    network = v4Text(Math.floor(n / size) * size);
  }
  return { cidr: `${network}/${prefix}`, address: network, prefix, v6: parsed.v6, canonical: network === parsed.address };
}

/** Multicast and the reserved class E range: no client connects from there. */
export function isReserved(b: Block): boolean {
  if (b.v6) return b.prefix >= 8 && b.address.startsWith('ff');
  const first = Number(b.address.split('.')[0]);
  return b.prefix >= 4 && first >= 224;
}

export const SECURITY_GROUP = /^([0-9]{12}\/)?sg-[0-9a-f]{8}([0-9a-f]{9})?$/;
