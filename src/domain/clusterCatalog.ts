// What Atlas offers per cloud provider: instance sizes, regions, MongoDB
// versions. Requests naming anything else are refused with Atlas's codes.

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

export const REGIONS: Record<DedicatedProvider, readonly string[]> = {
  AWS: [
    'US_EAST_1', 'US_EAST_2', 'US_WEST_1', 'US_WEST_2', 'CA_CENTRAL_1', 'CA_WEST_1', 'MX_CENTRAL_1',
    'SA_EAST_1', 'EU_WEST_1', 'EU_WEST_2', 'EU_WEST_3', 'EU_CENTRAL_1', 'EU_CENTRAL_2', 'EU_NORTH_1',
    'EU_SOUTH_1', 'EU_SOUTH_2', 'AP_EAST_1', 'AP_SOUTH_1', 'AP_SOUTH_2', 'AP_SOUTHEAST_1',
    'AP_SOUTHEAST_2', 'AP_SOUTHEAST_3', 'AP_SOUTHEAST_4', 'AP_SOUTHEAST_5', 'AP_SOUTHEAST_7',
    'AP_NORTHEAST_1', 'AP_NORTHEAST_2', 'AP_NORTHEAST_3', 'ME_SOUTH_1', 'ME_CENTRAL_1', 'AF_SOUTH_1',
    'IL_CENTRAL_1', 'US_GOV_WEST_1', 'US_GOV_EAST_1',
  ],
  AZURE: [
    'US_CENTRAL', 'US_EAST', 'US_EAST_2', 'US_NORTH_CENTRAL', 'US_WEST', 'US_SOUTH_CENTRAL', 'US_WEST_CENTRAL',
    'US_WEST_2', 'US_WEST_3', 'EUROPE_NORTH', 'EUROPE_WEST', 'CANADA_EAST', 'CANADA_CENTRAL', 'BRAZIL_SOUTH',
    'BRAZIL_SOUTHEAST', 'AUSTRALIA_CENTRAL', 'AUSTRALIA_CENTRAL_2', 'AUSTRALIA_EAST', 'AUSTRALIA_SOUTH_EAST',
    'GERMANY_WEST_CENTRAL', 'GERMANY_NORTH', 'SWEDEN_CENTRAL', 'SWEDEN_SOUTH', 'SWITZERLAND_NORTH',
    'SWITZERLAND_WEST', 'UK_SOUTH', 'UK_WEST', 'NORWAY_EAST', 'NORWAY_WEST', 'INDIA_CENTRAL', 'INDIA_SOUTH',
    'INDIA_WEST', 'CHINA_EAST', 'CHINA_NORTH', 'ASIA_EAST', 'JAPAN_EAST', 'JAPAN_WEST', 'ASIA_SOUTH_EAST',
    'KOREA_CENTRAL', 'KOREA_SOUTH', 'FRANCE_CENTRAL', 'FRANCE_SOUTH', 'SOUTH_AFRICA_NORTH', 'SOUTH_AFRICA_WEST',
    'UAE_CENTRAL', 'UAE_NORTH', 'QATAR_CENTRAL', 'POLAND_CENTRAL', 'ISRAEL_CENTRAL', 'ITALY_NORTH',
    'SPAIN_CENTRAL', 'MEXICO_CENTRAL', 'NEW_ZEALAND_NORTH',
  ],
  GCP: [
    'CENTRAL_US', 'EASTERN_US', 'US_EAST_4', 'US_EAST_5', 'NORTH_AMERICA_NORTHEAST_1', 'NORTH_AMERICA_NORTHEAST_2',
    'NORTH_AMERICA_SOUTH_1', 'SOUTH_AMERICA_EAST_1', 'SOUTH_AMERICA_WEST_1', 'WESTERN_US', 'US_WEST_2',
    'US_WEST_3', 'US_WEST_4', 'US_SOUTH_1', 'EUROPE_CENTRAL_2', 'EUROPE_NORTH_1', 'WESTERN_EUROPE',
    'EUROPE_WEST_2', 'EUROPE_WEST_3', 'EUROPE_WEST_4', 'EUROPE_WEST_6', 'EUROPE_WEST_8', 'EUROPE_WEST_9',
    'EUROPE_WEST_10', 'EUROPE_WEST_12', 'EUROPE_SOUTHWEST_1', 'AUSTRALIA_SOUTHEAST_1', 'AUSTRALIA_SOUTHEAST_2',
    'MIDDLE_EAST_CENTRAL_1', 'MIDDLE_EAST_CENTRAL_2', 'MIDDLE_EAST_WEST_1', 'AFRICA_SOUTH_1',
    'EASTERN_ASIA_PACIFIC', 'NORTHEASTERN_ASIA_PACIFIC', 'SOUTHEASTERN_ASIA_PACIFIC', 'ASIA_EAST_2',
    'ASIA_NORTHEAST_2', 'ASIA_NORTHEAST_3', 'ASIA_SOUTH_1', 'ASIA_SOUTH_2', 'ASIA_SOUTHEAST_2',
  ],
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
