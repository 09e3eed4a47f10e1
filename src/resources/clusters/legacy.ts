import { Type, type Static } from '@sinclair/typebox';
import type { ClusterInput, ReplicationSpecInput } from './model.js';
import { ClusterIn, ClusterOut } from './schemas.js';

// Resource version 2023-02-01 (AdvancedClusterDescription), for older clients:
// identical shards are one replication spec with numShards, and the disk size
// is one top-level diskSizeGB. Deprecated since 2024-08-05.

export const LEGACY_VERSION = '2023-02-01';
export const LEGACY_HEADERS = {
  deprecation: 'Mon, 5 Aug 2024 00:00:00 GMT',
  sunset: 'Sun, 1 Mar 2026 00:00:00 GMT',
};

const strict = { additionalProperties: false };
const RegionConfigIn = ClusterIn.properties.replicationSpecs.items.properties.regionConfigs.items;

const LegacySpecIn = Type.Object(
  {
    id: Type.Optional(Type.String()),
    numShards: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    regionConfigs: Type.Optional(Type.Array(RegionConfigIn)),
    zoneId: Type.Optional(Type.String()),
    zoneName: Type.Optional(Type.String()),
  },
  { ...strict, title: 'ReplicationSpec' },
);

export const LegacyClusterIn = Type.Object(
  {
    ...ClusterIn.properties,
    diskSizeGB: Type.Optional(Type.Number({ minimum: 10, maximum: 4096 })),
    replicationSpecs: Type.Optional(Type.Array(LegacySpecIn)),
  },
  { ...strict, title: 'AdvancedClusterDescription' },
);

const EFFECTIVE = ['effectiveAnalyticsSpecs', 'effectiveElectableSpecs', 'effectiveReadOnlySpecs'] as const;
const RegionOut = Type.Omit(ClusterOut.properties.replicationSpecs.items.properties.regionConfigs.items, EFFECTIVE, {
  title: 'CloudRegionConfig',
});

export const LegacyClusterOut = Type.Object(
  {
    ...Type.Omit(ClusterOut, ['replicationSpecs']).properties,
    diskSizeGB: Type.Optional(Type.Number()),
    replicationSpecs: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          numShards: Type.Integer(),
          regionConfigs: Type.Array(RegionOut),
          zoneName: Type.String(),
        },
        { title: 'ReplicationSpec' },
      ),
    ),
  },
  { title: 'AdvancedClusterDescription' },
);

type LegacyIn = Static<typeof LegacyClusterIn>;

/** The 2023-02-01 body as the domain takes it: one spec per shard. */
export function fromLegacy(body: LegacyIn): ClusterInput {
  const { replicationSpecs, ...rest } = body;
  const input = rest as ClusterInput;
  if (replicationSpecs !== undefined) {
    input.replicationSpecs = replicationSpecs.flatMap(({ numShards, id, ...spec }): ReplicationSpecInput[] =>
      Array.from({ length: numShards ?? 1 }, (_, i) => ({ ...spec, ...(i === 0 && id ? { id } : {}) })),
    );
  }
  return input;
}

type Out = Static<typeof ClusterOut>;

/** Groups consecutive shards of one zone back into a spec with numShards, as 2023-02-01 reports them. */
export function toLegacy(view: Out): Static<typeof LegacyClusterOut> {
  const { replicationSpecs, ...rest } = view;
  const specs: Static<typeof LegacyClusterOut>['replicationSpecs'] = [];
  let lastKey = '';
  for (const s of replicationSpecs) {
    const regionConfigs = s.regionConfigs.map((rc) => {
      const copy = { ...rc };
      for (const k of EFFECTIVE) delete copy[k];
      return copy;
    });
    const key = JSON.stringify([s.zoneName, regionConfigs]);
    const prev = specs[specs.length - 1];
    if (prev && key === lastKey) prev.numShards += 1;
    else specs.push({ id: s.id, numShards: 1, regionConfigs, zoneName: s.zoneName });
    lastKey = key;
  }
  const disk = replicationSpecs[0]?.regionConfigs[0]?.electableSpecs.diskSizeGB;
  return { ...rest, diskSizeGB: disk, replicationSpecs: specs };
}
