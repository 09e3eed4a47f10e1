// The one table of cloud regions (clusters, serverless, private endpoints), as Atlas names them (US_EAST_1, US_EAST_2, CENTRAL_US) beside the
// provider's own names (us-east-1, eastus2, us-central1). Requests may use either
// form; Atlas always answers with its own.

export const CLOUD_PROVIDERS = ['AWS', 'AZURE', 'GCP'] as const;
export type CloudProvider = (typeof CLOUD_PROVIDERS)[number];

export interface Region {
  /** Atlas's name, e.g. US_EAST_1. */
  atlas: string;
  /** The provider's name, e.g. us-east-1. */
  native: string;
}

// AWS regions (commercial and GovCloud); the provider's name is Atlas's in lower case with dashes.
const AWS_REGIONS = [
  'US_EAST_1', 'US_EAST_2', 'US_WEST_1', 'US_WEST_2', 'CA_CENTRAL_1', 'CA_WEST_1', 'MX_CENTRAL_1',
  'SA_EAST_1', 'EU_NORTH_1', 'EU_WEST_1', 'EU_WEST_2', 'EU_WEST_3', 'EU_CENTRAL_1', 'EU_CENTRAL_2',
  'EU_SOUTH_1', 'EU_SOUTH_2', 'AP_EAST_1', 'AP_NORTHEAST_1', 'AP_NORTHEAST_2', 'AP_NORTHEAST_3',
  'AP_SOUTHEAST_1', 'AP_SOUTHEAST_2', 'AP_SOUTHEAST_3', 'AP_SOUTHEAST_4', 'AP_SOUTHEAST_5',
  'AP_SOUTHEAST_7', 'AP_SOUTH_1', 'AP_SOUTH_2', 'ME_SOUTH_1', 'ME_CENTRAL_1', 'AF_SOUTH_1', 'IL_CENTRAL_1',
  'US_GOV_WEST_1', 'US_GOV_EAST_1',
].map((atlas) => ({ atlas, native: atlas.toLowerCase().replace(/_/g, '-') }));

const AZURE_REGIONS: Region[] = Object.entries({
  US_CENTRAL: 'centralus',
  US_EAST: 'eastus',
  US_EAST_2: 'eastus2',
  US_NORTH_CENTRAL: 'northcentralus',
  US_WEST: 'westus',
  US_SOUTH_CENTRAL: 'southcentralus',
  EUROPE_NORTH: 'northeurope',
  EUROPE_WEST: 'westeurope',
  US_WEST_CENTRAL: 'westcentralus',
  US_WEST_2: 'westus2',
  US_WEST_3: 'westus3',
  CANADA_EAST: 'canadaeast',
  CANADA_CENTRAL: 'canadacentral',
  BRAZIL_SOUTH: 'brazilsouth',
  BRAZIL_SOUTHEAST: 'brazilsoutheast',
  AUSTRALIA_CENTRAL: 'australiacentral',
  AUSTRALIA_CENTRAL_2: 'australiacentral2',
  AUSTRALIA_EAST: 'australiaeast',
  AUSTRALIA_SOUTH_EAST: 'australiasoutheast',
  GERMANY_WEST_CENTRAL: 'germanywestcentral',
  GERMANY_NORTH: 'germanynorth',
  SWEDEN_CENTRAL: 'swedencentral',
  SWEDEN_SOUTH: 'swedensouth',
  SWITZERLAND_NORTH: 'switzerlandnorth',
  SWITZERLAND_WEST: 'switzerlandwest',
  UK_SOUTH: 'uksouth',
  UK_WEST: 'ukwest',
  NORWAY_EAST: 'norwayeast',
  NORWAY_WEST: 'norwaywest',
  INDIA_CENTRAL: 'centralindia',
  INDIA_SOUTH: 'southindia',
  INDIA_WEST: 'westindia',
  CHINA_EAST: 'chinaeast',
  CHINA_NORTH: 'chinanorth',
  ASIA_EAST: 'eastasia',
  JAPAN_EAST: 'japaneast',
  JAPAN_WEST: 'japanwest',
  ASIA_SOUTH_EAST: 'southeastasia',
  KOREA_CENTRAL: 'koreacentral',
  KOREA_SOUTH: 'koreasouth',
  FRANCE_CENTRAL: 'francecentral',
  FRANCE_SOUTH: 'francesouth',
  SOUTH_AFRICA_NORTH: 'southafricanorth',
  SOUTH_AFRICA_WEST: 'southafricawest',
  UAE_CENTRAL: 'uaecentral',
  UAE_NORTH: 'uaenorth',
  QATAR_CENTRAL: 'qatarcentral',
  POLAND_CENTRAL: 'polandcentral',
  ISRAEL_CENTRAL: 'israelcentral',
  ITALY_NORTH: 'italynorth',
  SPAIN_CENTRAL: 'spaincentral',
  MEXICO_CENTRAL: 'mexicocentral',
  NEW_ZEALAND_NORTH: 'newzealandnorth',
}).map(([atlas, native]) => ({ atlas, native }));

const GCP_REGIONS: Region[] = Object.entries({
  AFRICA_SOUTH_1: 'africa-south1',
  ASIA_EAST_2: 'asia-east2',
  ASIA_NORTHEAST_2: 'asia-northeast2',
  ASIA_NORTHEAST_3: 'asia-northeast3',
  ASIA_SOUTH_1: 'asia-south1',
  ASIA_SOUTH_2: 'asia-south2',
  ASIA_SOUTHEAST_2: 'asia-southeast2',
  AUSTRALIA_SOUTHEAST_1: 'australia-southeast1',
  AUSTRALIA_SOUTHEAST_2: 'australia-southeast2',
  CENTRAL_US: 'us-central1',
  EASTERN_ASIA_PACIFIC: 'asia-east1',
  EASTERN_US: 'us-east1',
  EUROPE_CENTRAL_2: 'europe-central2',
  EUROPE_NORTH_1: 'europe-north1',
  EUROPE_WEST_2: 'europe-west2',
  EUROPE_WEST_3: 'europe-west3',
  EUROPE_WEST_4: 'europe-west4',
  EUROPE_WEST_6: 'europe-west6',
  EUROPE_WEST_8: 'europe-west8',
  EUROPE_WEST_9: 'europe-west9',
  EUROPE_SOUTHWEST_1: 'europe-southwest1',
  EUROPE_WEST_10: 'europe-west10',
  EUROPE_WEST_12: 'europe-west12',
  MIDDLE_EAST_CENTRAL_1: 'me-central1',
  MIDDLE_EAST_CENTRAL_2: 'me-central2',
  MIDDLE_EAST_WEST_1: 'me-west1',
  NORTH_AMERICA_NORTHEAST_1: 'northamerica-northeast1',
  NORTH_AMERICA_NORTHEAST_2: 'northamerica-northeast2',
  NORTH_AMERICA_SOUTH_1: 'northamerica-south1',
  NORTHEASTERN_ASIA_PACIFIC: 'asia-northeast1',
  SOUTH_AMERICA_EAST_1: 'southamerica-east1',
  SOUTH_AMERICA_WEST_1: 'southamerica-west1',
  SOUTHEASTERN_ASIA_PACIFIC: 'asia-southeast1',
  US_EAST_4: 'us-east4',
  US_EAST_5: 'us-east5',
  US_WEST_2: 'us-west2',
  US_WEST_3: 'us-west3',
  US_WEST_4: 'us-west4',
  US_SOUTH_1: 'us-south1',
  WESTERN_EUROPE: 'europe-west1',
  WESTERN_US: 'us-west1',
}).map(([atlas, native]) => ({ atlas, native }));

export const REGIONS: Record<CloudProvider, readonly Region[]> = {
  AWS: AWS_REGIONS,
  AZURE: AZURE_REGIONS,
  GCP: GCP_REGIONS,
};

/** The region named in either form (case-insensitive), or undefined when the provider has no such region. */
export function findRegion(provider: CloudProvider, name: string): Region | undefined {
  const upper = name.trim().toUpperCase();
  const lower = name.trim().toLowerCase();
  return REGIONS[provider].find((r) => r.atlas === upper || r.native === lower);
}
