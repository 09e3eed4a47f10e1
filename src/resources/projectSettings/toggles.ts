import { errors } from '../../platform/errors.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { getProject } from '../projects/projects.js';
import { GROUP_SETTINGS } from './collections.js';

// The project's feature toggles. A new project has Atlas's defaults; only a change writes.

export const DEFAULT_TOGGLES = {
  isClusterAiAssistantEnabled: true,
  isCollectDatabaseSpecificsStatisticsEnabled: true,
  isDataExplorerEnabled: true,
  isDataExplorerGenAIFeaturesEnabled: true,
  isDataExplorerGenAISampleDocumentPassingEnabled: false,
  isDataValidationEnabled: true,
  isExtendedStorageSizesEnabled: false,
  isNativeRerankingEnabled: false,
  isPerformanceAdvisorEnabled: true,
  isRealtimePerformancePanelEnabled: true,
  isSchemaAdvisorEnabled: true,
};

export type Toggles = typeof DEFAULT_TOGGLES;

export async function getToggles(r: Reader, groupId: string): Promise<Toggles> {
  await getProject(r, groupId);
  return { ...DEFAULT_TOGGLES, ...(await r.get<{ toggles: Partial<Toggles> }>(GROUP_SETTINGS, groupId))?.toggles };
}

// Atlas records no event for these toggles.
export async function updateToggles(tx: Tx, groupId: string, changes: Partial<Toggles>): Promise<Toggles> {
  const current = await getToggles(tx, groupId);
  for (const [k, v] of Object.entries(changes)) {
    if (!(k in DEFAULT_TOGGLES)) throw errors.invalidAttribute(k);
    if (typeof v !== 'boolean') throw errors.invalidAttribute(k, 'true or false');
  }
  const next = { ...current, ...changes };
  if (JSON.stringify(next) === JSON.stringify(current)) return current;
  await tx.put(GROUP_SETTINGS, groupId, { toggles: next }, { parent: groupId });
  return next;
}
