import type { Reader, Tx } from '../../platform/store/types.js';
import { GROUP_LIMITS, GROUP_SETTINGS, PROJECT_SETTINGS } from './collections.js';
import { errors } from '../../platform/errors.js';
import { type Actor } from '../../platform/events.js';
import { recordEvent } from './events.js';
import { on } from '../../platform/hooks.js';
import { projectDeleted } from '../projects/hooks.js';
import { getProject } from '../projects/projects.js';

export type AuditConfigurationType = 'NONE' | 'FILTER_BUILDER' | 'FILTER_JSON';

export interface AuditingConfiguration {
  auditAuthorizationSuccess: boolean;
  /** Absent until someone sets a filter. */
  auditFilter?: string;
  configurationType: AuditConfigurationType;
  enabled: boolean;
}

/** One document per project, keyed by the project id. */
export interface ProjectSettingsDoc {
  id: string;
  auditing: AuditingConfiguration;
  managedSlowMs: boolean;
}

function defaults(groupId: string): ProjectSettingsDoc {
  return {
    id: groupId,
    auditing: { auditAuthorizationSuccess: false, configurationType: 'NONE', enabled: false },
    // Atlas manages the slow operation threshold unless the project opts out.
    managedSlowMs: true,
  };
}

// Projects made before this module stored anything read as the defaults, so
// the document is only written once something changes.
async function load(r: Reader, groupId: string): Promise<ProjectSettingsDoc> {
  return (await r.get<ProjectSettingsDoc>(PROJECT_SETTINGS, groupId)) ?? defaults(groupId);
}

async function save(tx: Tx, doc: ProjectSettingsDoc): Promise<void> {
  await tx.put(PROJECT_SETTINGS, doc.id, doc, { parent: doc.id, name: null });
}

export async function getAuditing(r: Reader, groupId: string): Promise<AuditingConfiguration> {
  await getProject(r, groupId);
  return (await load(r, groupId)).auditing;
}

export interface AuditingChanges {
  auditAuthorizationSuccess?: boolean;
  auditFilter?: string;
  configurationType?: string;
  enabled?: boolean;
}

function checkAuditFilter(text: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw errors.invalidAttribute('auditFilter', 'must be a JSON document');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw errors.invalidAttribute('auditFilter', 'must be a JSON object');
  }
}

/** Applies a partial update; fields not sent keep their values. */
export async function updateAuditing(
  tx: Tx,
  groupId: string,
  changes: AuditingChanges,
  actor: Actor,
  at: number,
): Promise<AuditingConfiguration> {
  const project = await getProject(tx, groupId);
  if (changes.configurationType !== undefined) {
    throw errors.invalidAttribute('configurationType', 'is read-only: it follows from auditFilter');
  }
  if (changes.auditFilter !== undefined) checkAuditFilter(changes.auditFilter);
  const doc = await load(tx, groupId);
  const before = doc.auditing;
  const after: AuditingConfiguration = { ...before };
  if (changes.enabled !== undefined) after.enabled = changes.enabled;
  if (changes.auditAuthorizationSuccess !== undefined) after.auditAuthorizationSuccess = changes.auditAuthorizationSuccess;
  if (changes.auditFilter !== undefined) {
    after.auditFilter = changes.auditFilter;
    after.configurationType = 'FILTER_JSON';
  }
  const changed: Record<string, unknown> = {};
  for (const key of ['auditAuthorizationSuccess', 'auditFilter', 'configurationType', 'enabled'] as const) {
    if (after[key] !== before[key]) changed[key] = after[key];
  }
  if (Object.keys(changed).length === 0) return before;
  doc.auditing = after;
  await save(tx, doc);
  await recordEvent(tx, {
    type: 'AUDIT_LOG_CONFIGURATION_UPDATED',
    at,
    actor,
    orgId: project.orgId,
    groupId,
    raw: changed,
  });
  return after;
}

export async function getManagedSlowMs(r: Reader, groupId: string): Promise<boolean> {
  await getProject(r, groupId);
  return (await load(r, groupId)).managedSlowMs;
}

/** Turns Atlas's managed slow operation threshold on or off; a no-op records nothing. */
export async function setManagedSlowMs(tx: Tx, groupId: string, enabled: boolean, actor: Actor, at: number): Promise<void> {
  const project = await getProject(tx, groupId);
  const doc = await load(tx, groupId);
  if (doc.managedSlowMs === enabled) return;
  doc.managedSlowMs = enabled;
  await save(tx, doc);
  await recordEvent(tx, {
    type: enabled ? 'MANAGED_SLOW_MS_ENABLED' : 'MANAGED_SLOW_MS_DISABLED',
    at,
    actor,
    orgId: project.orgId,
    groupId,
  });
}

export const dropProjectSettings = on(projectDeleted, async (tx, project) => {
  for (const c of [PROJECT_SETTINGS, GROUP_SETTINGS, GROUP_LIMITS]) await tx.delete(c, project.id);
});
