import type { IndexType } from './definition.js';

type Json = Record<string, unknown>;
export type IndexStatus = 'PENDING' | 'BUILDING' | 'READY';

export interface DefinitionVersion {
  definition: Json;
  version: number;
  createdAt: number;
}

export interface SearchIndexDoc {
  id: string;
  groupId: string;
  clusterName: string;
  database: string;
  collectionName: string;
  name: string;
  type: IndexType;
  status: IndexStatus;
  latest: DefinitionVersion;
  /** The definition queries use: the last one built. */
  built?: DefinitionVersion;
}

export const parentOf = (groupId: string, clusterName: string) => `${groupId}/${clusterName}`;
