import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { projectDeleted } from '../projects/hooks.js';
import { STREAM_CONNECTIONS, STREAM_PRIVATE_LINKS, STREAM_PROCESSORS, STREAM_WORKSPACES } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { privateLinkLifecycle } from './networking.js';
import { networkingOperations } from './networkingOperations.js';
import { processorOperations } from './processorOperations.js';
import { workspaceOperations } from './workspaceOperations.js';
import { dropProjectWorkspaces } from './workspaces.js';

export const streams: Resource = {
  name: 'streams',
  operations: [...workspaceOperations, ...processorOperations, ...networkingOperations],
  collections: [STREAM_WORKSPACES, STREAM_CONNECTIONS, STREAM_PROCESSORS, STREAM_PRIVATE_LINKS],
  lifecycles: [privateLinkLifecycle],
  eventTypes: EVENT_TYPES,
  subscribes: [
    on(projectDeleted, async (tx, project) => {
      await dropProjectWorkspaces(tx, project.id);
      await tx.deleteChildren(STREAM_PRIVATE_LINKS, project.id);
    }),
  ],
};
