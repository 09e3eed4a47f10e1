import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { orgDeleted } from '../organizations/hooks.js';
import { projectDeleted } from '../projects/hooks.js';
import { CLOUD_USERS, ORG_MEMBERSHIPS, TEAMS } from './collections.js';
import { registerPeopleControl } from './control.js';
import { EVENT_TYPES } from './events.js';
import { groupOperations } from './groupOperations.js';
import { inviteOperations } from './inviteOperations.js';
import { forgetProject } from './removal.js';
import { teamOperations } from './teamOperations.js';
import { userOperations } from './userOperations.js';

// MongoDB Cloud users, teams and invitations: the people side of organizations and projects.
export const people: Resource = {
  name: 'people',
  operations: [...userOperations, ...groupOperations, ...teamOperations, ...inviteOperations],
  collections: [CLOUD_USERS, ORG_MEMBERSHIPS, TEAMS],
  eventTypes: EVENT_TYPES,
  subscribes: [
    on(projectDeleted, (tx, project) => forgetProject(tx, project)),
    on(orgDeleted, async (tx, org) => {
      await tx.deleteChildren(ORG_MEMBERSHIPS, org.id);
      await tx.deleteChildren(TEAMS, org.id);
    }),
  ],
  control: registerPeopleControl,
};
