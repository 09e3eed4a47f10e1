import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { projectDeleted } from '../projects/hooks.js';
import { STREAM_CONNECTIONS, STREAM_PROCESSORS, STREAM_WORKSPACES } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { processorOperations } from './processorOperations.js';
import { workspaceOperations } from './workspaceOperations.js';
import { dropProjectWorkspaces } from './workspaces.js';

export const streams: Resource = {
  name: 'streams',
  operations: [...workspaceOperations, ...processorOperations],
  collections: [STREAM_WORKSPACES, STREAM_CONNECTIONS, STREAM_PROCESSORS],
  eventTypes: EVENT_TYPES,
  subscribes: [on(projectDeleted, (tx, project) => dropProjectWorkspaces(tx, project.id))],
};
