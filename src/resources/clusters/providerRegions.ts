import { DEDICATED_PROVIDERS, INSTANCE_SIZES, REGIONS, type DedicatedProvider } from './catalog.js';

// What a project may deploy dedicated clusters on: per provider, each instance size
// with the regions offering it, from the one region table. The region Atlas's UI
// proposes first is marked default.

const DEFAULT_REGION: Record<DedicatedProvider, string> = { AWS: 'US_EAST_1', AZURE: 'US_EAST_2', GCP: 'CENTRAL_US' };

export interface ProviderRegions {
  provider: DedicatedProvider;
  instanceSizes: { name: string; availableRegions: { name: string; default: boolean }[] }[];
}

/** Filtered as Atlas filters: by providers (none: all) and by one tier (providers without it are left out). */
export function providerRegions(providers: string[] | undefined, tier: string | undefined): ProviderRegions[] {
  const wanted = providers && providers.length > 0 ? new Set(providers.map((p) => p.toUpperCase())) : undefined;
  return DEDICATED_PROVIDERS.filter((p) => !wanted || wanted.has(p))
    .map((provider) => ({
      provider,
      instanceSizes: INSTANCE_SIZES[provider]
        .filter((size) => tier === undefined || size === tier)
        .map((name) => ({ name, availableRegions: REGIONS[provider].map((r) => ({ name: r, default: r === DEFAULT_REGION[provider] })) })),
    }))
    .filter((p) => p.instanceSizes.length > 0);
}
