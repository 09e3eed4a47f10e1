import type { Reader, Tx } from '../../platform/store/types.js';
import { PROJECTS } from '../../platform/tenancy.js';
import { projectDeployments } from '../../platform/deployments.js';
import { ApiError, errors } from '../../platform/errors.js';
import { type Actor } from '../../platform/events.js';
import { recordEvent } from './events.js';
import { projectCreated, projectDeleted, projectDeleting } from './hooks.js';
import { newObjectId } from '../../platform/ids.js';
import { isoSeconds } from '../../platform/time.js';

export interface Tag {
  key: string;
  value: string;
}

export interface ProjectDoc {
  id: string;
  name: string;
  orgId: string;
  created: string;
  /** Only when the creator chose one: Atlas's answers carry none otherwise. */
  regionUsageRestrictions?: string;
  tags: Tag[];
  withDefaultAlertsSettings: boolean;
}

export async function getProject(r: Reader, groupId: string): Promise<ProjectDoc> {
  const p = await r.get<ProjectDoc>(PROJECTS, groupId);
  if (!p) throw errors.groupNotFound(groupId);
  return p;
}

export async function getProjectByName(r: Reader, orgIds: string[], name: string): Promise<ProjectDoc> {
  for (const orgId of orgIds) {
    const p = await r.getByName<ProjectDoc>(PROJECTS, orgId, name);
    if (p) return p;
  }
  throw errors.groupNameNotFound(name);
}

const duplicateName = (name: string) =>
  new ApiError(409, 'GROUP_ALREADY_EXISTS', `A group with name "${name}" already exists.`, [name]);

export interface NewProject {
  name: string;
  orgId: string;
  regionUsageRestrictions?: string;
  tags?: Tag[];
  withDefaultAlertsSettings?: boolean;
}

export async function createProject(tx: Tx, input: NewProject, actor: Actor, at: number): Promise<ProjectDoc> {
  if (await tx.getByName(PROJECTS, input.orgId, input.name)) throw duplicateName(input.name);
  const project: ProjectDoc = {
    id: newObjectId(at),
    name: input.name,
    orgId: input.orgId,
    created: isoSeconds(at),
    ...(input.regionUsageRestrictions ? { regionUsageRestrictions: input.regionUsageRestrictions } : {}),
    tags: input.tags ?? [],
    withDefaultAlertsSettings: input.withDefaultAlertsSettings ?? true,
  };
  await tx.put(PROJECTS, project.id, project, { parent: project.orgId, name: project.name });
  await recordEvent(tx, { type: 'GROUP_CREATED', at, actor, orgId: project.orgId, groupId: project.id });
  await projectCreated.run(tx, project, at);
  return project;
}

export interface ProjectChanges {
  name?: string;
  tags?: Tag[];
}

export async function updateProject(
  tx: Tx,
  groupId: string,
  changes: ProjectChanges,
  actor: Actor,
  at: number,
): Promise<ProjectDoc> {
  const project = await getProject(tx, groupId);
  if (changes.name !== undefined && changes.name !== project.name) {
    if (await tx.getByName(PROJECTS, project.orgId, changes.name)) throw duplicateName(changes.name);
    const old = project.name;
    project.name = changes.name;
    await tx.put(PROJECTS, project.id, project, { parent: project.orgId, name: project.name });
    await recordEvent(tx, {
      type: 'GROUP_NAME_CHANGED',
      at,
      actor,
      orgId: project.orgId,
      groupId,
      raw: { oldName: old, newName: project.name },
    });
  }
  if (changes.tags !== undefined) {
    project.tags = changes.tags;
    await tx.put(PROJECTS, project.id, project, { parent: project.orgId, name: project.name });
    await recordEvent(tx, { type: 'GROUP_TAGS_MODIFIED', at, actor, orgId: project.orgId, groupId });
  }
  return project;
}

export async function deleteProject(tx: Tx, groupId: string, actor: Actor, at: number): Promise<void> {
  const project = await getProject(tx, groupId);
  if ((await projectDeployments(tx, groupId)).length > 0) {
    throw new ApiError(
      409,
      'CANNOT_CLOSE_GROUP_ACTIVE_ATLAS_CLUSTERS',
      'There are active clusters in this project. Please terminate all clusters before deleting the project.',
      [groupId],
    );
  }
  await projectDeleting.run(tx, project, at);
  await projectDeleted.run(tx, project, at);
  await tx.delete(PROJECTS, groupId);
  // The project's own event stays queryable from the organization.
  await recordEvent(tx, { type: 'GROUP_DELETED', at, actor, orgId: project.orgId, groupId: null, raw: { gn: project.name, cid: groupId } });
}
