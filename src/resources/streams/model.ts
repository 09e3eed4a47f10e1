export type Json = Record<string, unknown>;

export interface AuditLine {
  at: number;
  action: string;
  target: string;
  user: string;
}

export interface WorkspaceDoc {
  id: string;
  groupId: string;
  name: string;
  dataProcessRegion: { cloudProvider: string; region: string };
  tier: string;
  maxTierSize?: string;
  hostnames: string[];
  /** What was done in the workspace, for its audit log download. */
  audit: AuditLine[];
}

export interface ConnectionDoc {
  groupId: string;
  workspace: string;
  name: string;
  type: string;
  /** The connection's settings as given, secrets included (never served). */
  settings: Json;
}

export interface ProcessorDoc {
  id: string;
  groupId: string;
  workspace: string;
  name: string;
  pipeline: Json[];
  options?: Json;
  tier?: string;
  state: 'CREATED' | 'STARTED' | 'STOPPED';
  /** Running time before the current run, ms of emulated time. */
  ranMs: number;
  /** When the current run began (while STARTED). */
  startedAt?: number;
  lastStateChange: number;
}

export const workspaceKey = (groupId: string, name: string) => `${groupId}/${name}`;
