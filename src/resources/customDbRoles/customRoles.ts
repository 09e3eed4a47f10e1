import type { Reader, Tx } from '../../platform/store/types.js';
import { ApiError } from '../../platform/errors.js';
import type { Actor } from '../../platform/events.js';
import { on } from '../../platform/hooks.js';
import { projectDeleted } from '../projects/hooks.js';
import { getProject } from '../projects/projects.js';
import { limitValue } from '../projectSettings/limits.js';
import { appliesTo } from './actions.js';
import { isAdminOnlyRole, isBuiltInRole, isRestrictedRole } from './builtinRoles.js';
import { CUSTOM_DB_ROLES } from './collections.js';
import { recordEvent } from './events.js';
import { customRoleDeleting } from './hooks.js';

// Custom database roles of a project: privilege actions on resources, and roles
// inherited from the built-in ones or from other custom roles of the project.

export interface RoleResource {
  cluster: boolean;
  collection: string;
  db: string;
}

export interface RoleAction {
  action: string;
  resources: RoleResource[];
}

export interface InheritedRole {
  db: string;
  role: string;
}

export interface CustomRoleDoc {
  groupId: string;
  orgId: string;
  roleName: string;
  actions: RoleAction[];
  inheritedRoles: InheritedRole[];
}

export interface RoleInput {
  actions?: { action: string; resources?: Partial<RoleResource>[] }[];
  inheritedRoles?: InheritedRole[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

const fail = (code: string, detail: string, parameters: unknown[] = []) => new ApiError(400, code, detail, parameters);

export const customRoleErrors = {
  notFound: (name: string) =>
    new ApiError(404, 'ATLAS_CUSTOM_ROLE_NOT_FOUND', `The specified custom db role ${name} does not exist.`, [name]),
  alreadyExists: (name: string) =>
    new ApiError(409, 'ATLAS_CUSTOM_ROLE_NAME_ALREADY_EXISTS', `A custom role with the name ${name} already exists.`, [name]),
  inUseByUsers: (users: string[]) =>
    new ApiError(
      409,
      'ATLAS_CUSTOM_ROLE_IN_USE_BY_USERS',
      `Deleting specified custom role would leave the following users without a role: ${users.join(', ')}.`,
      [users.join(', ')],
    ),
  inUseByRoles: (roles: string[]) =>
    new ApiError(
      409,
      'ATLAS_CUSTOM_ROLE_IN_USE_BY_ROLES',
      `Deleting specified custom role would leave the following roles with no actions or inherited roles: ${roles.join(', ')}.`,
      [roles.join(', ')],
    ),
  invalidResource: () =>
    fail('ATLAS_INVALID_RESOURCE', 'One or more of the selected actions was applied to an incorrect resource.'),
};

const key = (r: RoleResource) => `${r.cluster}|${r.db}|${r.collection}`;

export async function getCustomRole(r: Reader, groupId: string, roleName: string): Promise<CustomRoleDoc> {
  const role = await r.getByName<CustomRoleDoc>(CUSTOM_DB_ROLES, groupId, roleName);
  if (!role) throw customRoleErrors.notFound(roleName);
  return role;
}

export async function findCustomRole(r: Reader, groupId: string, roleName: string): Promise<CustomRoleDoc | undefined> {
  return r.getByName<CustomRoleDoc>(CUSTOM_DB_ROLES, groupId, roleName);
}

export async function listCustomRoles(r: Reader, groupId: string): Promise<CustomRoleDoc[]> {
  return (await r.list<CustomRoleDoc>(CUSTOM_DB_ROLES, groupId)).items;
}

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw fail(
      'ATLAS_CUSTOM_ROLE_INVALID_NAME',
      `The role name, "${name}", is invalid. A custom role name must be a non-empty string made up of only ASCII letters, numbers, hyphens, and underscores, and should begin with a letter or number.`,
      [name],
    );
  }
  if (name.startsWith('xgen-')) {
    throw fail(
      'ATLAS_RESERVED_CUSTOM_ROLE_RESTRICTED',
      `Cannot create custom role ${name} because the prefix "xgen-" is reserved for built-in roles.`,
      [name],
    );
  }
  if (isBuiltInRole(name) || isRestrictedRole(name)) {
    throw fail(
      'ATLAS_INVALID_CUSTOM_ROLE_RESTRICTED',
      `Cannot create custom role ${name} because a built-in role with that name already exists.`,
      [name],
    );
  }
}

function normalizeActions(input: NonNullable<RoleInput['actions']>): RoleAction[] {
  const seen = new Set<string>();
  return input.map((a) => {
    if (seen.has(a.action)) throw fail('ATLAS_DUPLICATE_CUSTOM_ROLE_ACTION', 'A custom role cannot have duplicate actions.');
    seen.add(a.action);
    const resources = (a.resources ?? []).map((r) => ({ cluster: r.cluster ?? false, collection: r.collection ?? '', db: r.db ?? '' }));
    if (resources.length === 0) throw customRoleErrors.invalidResource();
    const keys = new Set<string>();
    for (const r of resources) {
      // A cluster resource names no namespace, and every action has one kind of resource.
      if ((r.cluster && (r.db !== '' || r.collection !== '')) || !appliesTo(a.action, r.cluster)) {
        throw customRoleErrors.invalidResource();
      }
      if (keys.has(key(r))) {
        throw fail('ATLAS_DUPLICATE_CUSTOM_ROLE_RESOURCE', 'A custom role cannot have duplicate resources applied to the same action.');
      }
      keys.add(key(r));
    }
    return { action: a.action, resources };
  });
}

/** Custom roles reachable from `start` through inheritance, within the project's roles as they will be. */
function inheritsFrom(roles: Map<string, CustomRoleDoc>, start: InheritedRole[], target: string): boolean {
  const seen = new Set<string>();
  const stack = start.map((r) => r.role);
  while (stack.length) {
    const name = stack.pop()!;
    if (name === target) return true;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const r of roles.get(name)?.inheritedRoles ?? []) stack.push(r.role);
  }
  return false;
}

async function checkInheritance(r: Reader, groupId: string, roleName: string, inherited: InheritedRole[]): Promise<void> {
  const roles = new Map((await listCustomRoles(r, groupId)).map((x) => [x.roleName, x]));
  for (const { role, db } of inherited) {
    if (role === roleName) throw fail('ATLAS_INVALID_CUSTOM_ROLE_SELF_REFERENTIAL', 'A custom DB role cannot inherit from itself.');
    const scopeError = () =>
      fail('ATLAS_INVALID_CUSTOM_ROLE_INHERITED_SCOPE', 'One or more of the specified inherited roles have an invalid scope.');
    if (isBuiltInRole(role)) {
      if (isAdminOnlyRole(role) && db !== 'admin') throw scopeError();
      if (db === '') throw scopeError();
    } else if (roles.has(role)) {
      // Custom roles live in the admin database.
      if (db !== 'admin') throw scopeError();
    } else {
      throw fail('ATLAS_INVALID_CUSTOM_ROLE_INHERITANCE', 'One or more of the specified inherited roles do not exist.');
    }
  }
  if (inheritsFrom(roles, inherited, roleName)) {
    throw fail(
      'ATLAS_INVALID_CUSTOM_ROLE_CIRCULAR_DEPENDENCY',
      'One or more of the specified inherited roles creates a circular dependency.',
    );
  }
}

async function checkPrivileges(r: Reader, groupId: string, roleName: string, actions: RoleAction[], inherited: InheritedRole[]): Promise<void> {
  if (actions.length === 0 && inherited.length === 0) {
    throw fail('ATLAS_CUSTOM_ROLE_HAS_NO_PERMISSIONS', 'Custom roles must have one or more user privilege actions or inherited roles.');
  }
  await checkInheritance(r, groupId, roleName, inherited);
}

async function save(tx: Tx, role: CustomRoleDoc): Promise<void> {
  await tx.put(CUSTOM_DB_ROLES, `${role.groupId}:${role.roleName}`, role, { parent: role.groupId, name: role.roleName });
}

export async function createCustomRole(
  tx: Tx,
  groupId: string,
  input: RoleInput & { roleName: string },
  actor: Actor,
  at: number,
): Promise<CustomRoleDoc> {
  const project = await getProject(tx, groupId);
  checkName(input.roleName);
  if (await findCustomRole(tx, groupId, input.roleName)) throw customRoleErrors.alreadyExists(input.roleName);
  if ((await tx.count(CUSTOM_DB_ROLES, groupId)) >= (await limitValue(tx, groupId, 'atlas.project.security.databaseAccess.customRoles'))) {
    throw new ApiError(403, 'CUSTOM_ROLES_LIMIT_EXCEEDED', 'Exceeded maximum number of custom roles.');
  }
  const actions = normalizeActions(input.actions ?? []);
  const inheritedRoles = input.inheritedRoles ?? [];
  await checkPrivileges(tx, groupId, input.roleName, actions, inheritedRoles);
  const role: CustomRoleDoc = { groupId, orgId: project.orgId, roleName: input.roleName, actions, inheritedRoles };
  await save(tx, role);
  await recordEvent(tx, { type: 'MONGODB_ROLE_ADDED', at, actor, orgId: role.orgId, groupId, raw: { roleName: role.roleName } });
  return role;
}

export async function updateCustomRole(
  tx: Tx,
  groupId: string,
  roleName: string,
  input: RoleInput,
  actor: Actor,
  at: number,
): Promise<CustomRoleDoc> {
  const role = await getCustomRole(tx, groupId, roleName);
  const actions = input.actions ? normalizeActions(input.actions) : role.actions;
  const inheritedRoles = input.inheritedRoles ?? role.inheritedRoles;
  await checkPrivileges(tx, groupId, roleName, actions, inheritedRoles);
  const updated = { ...role, actions, inheritedRoles };
  await save(tx, updated);
  await recordEvent(tx, { type: 'MONGODB_ROLE_UPDATED', at, actor, orgId: role.orgId, groupId, raw: { roleName } });
  return updated;
}

export async function deleteCustomRole(tx: Tx, groupId: string, roleName: string, actor: Actor, at: number): Promise<void> {
  const role = await getCustomRole(tx, groupId, roleName);
  const inheriting = (await listCustomRoles(tx, groupId)).filter((r) => r.inheritedRoles.some((i) => i.role === roleName));
  const emptied = inheriting.filter((r) => r.actions.length === 0 && r.inheritedRoles.every((i) => i.role === roleName));
  if (emptied.length) throw customRoleErrors.inUseByRoles(emptied.map((r) => r.roleName));
  await customRoleDeleting.run(tx, { groupId, orgId: role.orgId, roleName, actor }, at);
  for (const r of inheriting) {
    await save(tx, { ...r, inheritedRoles: r.inheritedRoles.filter((i) => i.role !== roleName) });
    await recordEvent(tx, { type: 'MONGODB_ROLE_UPDATED', at, actor, orgId: r.orgId, groupId, raw: { roleName: r.roleName } });
  }
  await tx.delete(CUSTOM_DB_ROLES, `${groupId}:${roleName}`);
  await recordEvent(tx, { type: 'MONGODB_ROLE_DELETED', at, actor, orgId: role.orgId, groupId, raw: { roleName } });
}

export const dropProjectCustomRoles = on(projectDeleted, async (tx, project) => {
  await tx.deleteChildren(CUSTOM_DB_ROLES, project.id);
});
