import type { Tx } from '../../platform/store/types.js';
import { errors } from '../../platform/errors.js';
import type { Actor } from '../../platform/events.js';
import { getProject } from '../projects/projects.js';
import { getCluster, isTenant, type ClusterDoc, type ClusterInput, type Scheduling } from '../clusters/clusters.js';
import { DEDICATED_PROVIDERS } from '../clusters/catalog.js';
import { adoptFlexCluster, releaseCluster, upgradeFreeToDedicated } from '../clusters/upgrade.js';
import { recordEvent } from './events.js';
import {
  BACKING_PROVIDERS,
  dropFlex,
  flexEvent,
  flexToChange,
  newFlexDoc,
  putFlex,
  TIMERS,
  type BackingProvider,
  type FlexDoc,
  type FlexRuntime,
} from './flex.js';

// Tenant upgrades: a free (M0) cluster to Flex or to a dedicated tier through the
// cluster API's tenantUpgrade, a Flex cluster to a dedicated tier through the Flex
// API's. The cluster keeps its name and id and passes through UPDATING.

/** The body of the cluster API's tenantUpgrade (the legacy cluster shape). */
export interface LegacyUpgradeRequest {
  name: string;
  providerSettings?: {
    providerName?: string;
    instanceSizeName?: string;
    regionName?: string;
    backingProviderName?: string;
    autoScaling?: { compute?: { minInstanceSize?: string; maxInstanceSize?: string } };
  };
  autoScaling?: { compute?: { enabled?: boolean; scaleDownEnabled?: boolean }; diskGBEnabled?: boolean };
  diskSizeGB?: number;
  mongoDBMajorVersion?: string;
  backupEnabled?: boolean;
  pitEnabled?: boolean;
  terminationProtectionEnabled?: boolean;
  tags?: ClusterDoc['tags'];
}

const FREE_SIZES = ['M0', 'M2', 'M5'];

/** What a free cluster's upgrade produced: still a cluster (dedicated), or now a Flex cluster. */
export type UpgradeResult = { kind: 'cluster'; cluster: ClusterDoc } | { kind: 'flex'; flex: FlexDoc };

function tenantRegion(c: ClusterDoc) {
  const rc = c.replicationSpecs[0]!.regionConfigs[0]!;
  return { backing: rc.backingProviderName as BackingProvider, region: rc.regionName };
}

/** The legacy body of a dedicated target, in the shape the cluster rules read. */
function dedicatedInput(c: ClusterDoc, body: LegacyUpgradeRequest, size: string): ClusterInput {
  const ps = body.providerSettings ?? {};
  const { backing, region } = tenantRegion(c);
  const provider = (DEDICATED_PROVIDERS as readonly string[]).includes(ps.providerName ?? '') ? ps.providerName! : backing;
  const compute = body.autoScaling?.compute;
  return {
    replicationSpecs: [
      {
        regionConfigs: [
          {
            providerName: provider,
            regionName: ps.regionName ?? region,
            priority: 7,
            electableSpecs: { instanceSize: size, nodeCount: 3, ...(body.diskSizeGB !== undefined ? { diskSizeGB: body.diskSizeGB } : {}) },
            autoScaling: {
              compute: {
                enabled: compute?.enabled ?? false,
                scaleDownEnabled: compute?.scaleDownEnabled ?? false,
                predictiveEnabled: false,
                ...(compute?.enabled ? ps.autoScaling?.compute : {}),
              },
              diskGB: { enabled: body.autoScaling?.diskGBEnabled ?? true },
            },
          },
        ],
      },
    ],
    mongoDBMajorVersion: body.mongoDBMajorVersion,
    backupEnabled: body.backupEnabled,
    pitEnabled: body.pitEnabled,
    terminationProtectionEnabled: body.terminationProtectionEnabled,
    tags: body.tags,
  };
}

/** POST /groups/{groupId}/clusters/tenantUpgrade: only free clusters upgrade here (Flex ones use the Flex API). */
export async function upgradeFreeCluster(
  tx: Tx,
  rt: FlexRuntime,
  sched: Scheduling,
  groupId: string,
  body: LegacyUpgradeRequest,
  actor: Actor,
  at: number,
): Promise<UpgradeResult> {
  const project = await getProject(tx, groupId);
  const c = await getCluster(tx, groupId, body.name);
  if (!isTenant(c)) throw errors.invalidAttribute('name', 'only free clusters upgrade through this operation');
  const ps = body.providerSettings ?? {};
  const size = ps.instanceSizeName;
  const toFlex = ps.providerName === 'FLEX' || size === 'FLEX';
  if (!toFlex) {
    if (size === undefined) throw errors.missingAttribute('providerSettings.instanceSizeName');
    if (FREE_SIZES.includes(size) || ps.providerName === 'TENANT') {
      throw errors.invalidAttribute('providerSettings.instanceSizeName', 'a free cluster upgrades to Flex or to a dedicated tier');
    }
    const cluster = await upgradeFreeToDedicated(tx, c, dedicatedInput(c, body, size), actor, at, sched);
    await recordEvent(tx, flexEvent({ groupId, orgId: project.orgId, name: c.name }, 'FREE_UPGRADE_STARTED', actor, at));
    return { kind: 'cluster', cluster };
  }
  const current = tenantRegion(c);
  const backing = ps.backingProviderName ?? current.backing;
  if (!(BACKING_PROVIDERS as readonly string[]).includes(backing)) {
    throw errors.invalidEnumValue(backing, 'providerSettings.backingProviderName');
  }
  const flex = newFlexDoc(groupId, project.orgId, c.name, backing as BackingProvider, ps.regionName ?? current.region, at, c);
  if (body.terminationProtectionEnabled !== undefined) flex.terminationProtectionEnabled = body.terminationProtectionEnabled;
  if (body.tags !== undefined) flex.tags = body.tags;
  flex.stateName = 'UPDATING';
  await releaseCluster(tx, c, at);
  await putFlex(tx, flex);
  await recordEvent(tx, flexEvent(flex, 'FREE_UPGRADE_STARTED', actor, at));
  await recordEvent(tx, flexEvent(flex, 'CLUSTER_UPDATE_SUBMITTED', actor, at));
  await rt.schedule(tx, TIMERS.updated, flex.id, at + rt.step('flex.upgrade'), `${TIMERS.updated}:${flex.id}`);
  return { kind: 'flex', flex };
}

/** POST /groups/{groupId}/flexClusters:tenantUpgrade: the Flex cluster leaves this API as a dedicated cluster. */
export async function upgradeFlexCluster(
  tx: Tx,
  sched: Scheduling,
  groupId: string,
  body: ClusterInput & { name: string },
  actor: Actor,
  at: number,
): Promise<FlexDoc> {
  const f = await flexToChange(tx, groupId, body.name);
  await dropFlex(tx, f);
  await adoptFlexCluster(tx, f, body, actor, at, sched);
  await recordEvent(tx, flexEvent(f, 'FLEX_UPGRADE_STARTED', actor, at));
  return { ...f, stateName: 'UPDATING' };
}
