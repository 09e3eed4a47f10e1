// What Atlas offers per cloud provider: instance sizes, regions, MongoDB
// versions. Requests naming anything else are refused with Atlas's codes.
import { REGIONS as CLOUD_REGIONS } from './regions.js';

export const DEDICATED_PROVIDERS = ['AWS', 'AZURE', 'GCP'] as const;
export type DedicatedProvider = (typeof DEDICATED_PROVIDERS)[number];

export const PROVIDER_NAMES = [...DEDICATED_PROVIDERS, 'TENANT'] as const;

/** Multi-tenant sizes, under providerName TENANT with a backing provider. M2 and M5 now become Flex clusters. */
export const TENANT_SIZES = ['M0', 'M2', 'M5', 'FLEX'] as const;

const GENERAL = ['M10', 'M20', 'M30', 'M40', 'M50', 'M60', 'M80'];

export const INSTANCE_SIZES: Record<DedicatedProvider, readonly string[]> = {
  AWS: [
    ...GENERAL,
    'M100', 'M140', 'M200', 'M300', 'M400', 'M700',
    'R40', 'R50', 'R60', 'R80', 'R200', 'R300', 'R400', 'R700',
    'M40_NVME', 'M50_NVME', 'M60_NVME', 'M80_NVME', 'M200_NVME', 'M400_NVME',
  ],
  AZURE: [
    ...GENERAL,
    'M90', 'M200', 'M300',
    'R40', 'R50', 'R60', 'R80', 'R200', 'R300', 'R400',
    'M60_NVME', 'M80_NVME', 'M200_NVME', 'M300_NVME', 'M400_NVME', 'M600_NVME',
  ],
  GCP: [
    ...GENERAL,
    'M140', 'M200', 'M250', 'M300', 'M400',
    'R40', 'R50', 'R60', 'R80', 'R200', 'R300', 'R400', 'R600',
  ],
};

export const ALL_INSTANCE_SIZES = [
  ...new Set([...TENANT_SIZES, ...INSTANCE_SIZES.AWS, ...INSTANCE_SIZES.AZURE, ...INSTANCE_SIZES.GCP]),
];

/** Atlas's region names per provider, from the one region table. */
export const REGIONS: Record<DedicatedProvider, readonly string[]> = {
  AWS: CLOUD_REGIONS.AWS.map((r) => r.atlas),
  AZURE: CLOUD_REGIONS.AZURE.map((r) => r.atlas),
  GCP: CLOUD_REGIONS.GCP.map((r) => r.atlas),
};

/** Default disk per instance size (GB), as Atlas provisions it when none is given. */
export function defaultDiskSizeGB(instanceSize: string): number {
  const table: Record<string, number> = {
    M0: 0.5, M2: 2, M5: 5, FLEX: 5, M10: 10, M20: 20, M30: 40, M40: 80, M50: 160, M60: 320, M80: 750,
    R40: 80, R50: 160, R60: 320, R80: 750,
  };
  if (instanceSize in table) return table[instanceSize]!;
  if (instanceSize.endsWith('_NVME')) return 380 * Math.max(1, Math.round(Number(instanceSize.slice(1, -5)) / 40));
  return 1000;
}

/** Long-term support releases a cluster may run, and the patch each one is at. */
export const LTS_VERSIONS: Record<string, string> = { '6.0': '6.0.24', '7.0': '7.0.21', '8.0': '8.0.10' };
export const DEFAULT_MAJOR_VERSION = '8.0';
/** What rapid-release (CONTINUOUS) clusters run. */
export const CONTINUOUS_VERSION = { major: '8.2', full: '8.2.1' };

/** "8" and "8.0" name the same release. */
export function normalizeMajorVersion(v: string): string | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(v.trim());
  if (!m) return undefined;
  const key = `${m[1]}.${m[2] ?? '0'}`;
  return key in LTS_VERSIONS ? key : undefined;
}
