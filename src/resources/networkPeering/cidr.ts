/** An IPv4 block as a numeric range: first address and size. */
export interface Block {
  start: number;
  size: number;
  prefix: number;
}

/** Parses `a.b.c.d/n` into its block; undefined when malformed or when host bits are set. */
export function parseCidr(text: string): Block | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const start = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (start % size !== 0) return undefined;
  return { start, size, prefix };
}

export function formatCidr(b: Block): string {
  const o = [24, 16, 8, 0].map((shift) => Math.floor(b.start / 2 ** shift) % 256);
  return `${o.join('.')}/${b.prefix}`;
}

export const overlaps = (a: Block, b: Block): boolean => a.start < b.start + b.size && b.start < a.start + a.size;

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c)!);

/** Whether the block lies inside one of the RFC 1918 private ranges. */
export const isPrivate = (b: Block): boolean => PRIVATE.some((p) => b.start >= p.start && b.start + b.size <= p.start + p.size);
