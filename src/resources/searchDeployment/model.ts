export interface Spec {
  instanceSize: string;
  nodeCount: number;
  cloudProvider: string;
}

export interface SearchDeploymentDoc {
  id: string;
  groupId: string;
  clusterName: string;
  /** What was last asked for. */
  specs: Spec[];
  /** What runs: the asked specs once provisioned. */
  effectiveSpecs: Spec[];
  stateName: 'IDLE' | 'UPDATING';
  deleting: boolean;
  encryptionAtRestProvider: string;
}
