import { eventRecorder, groupEvent, orgEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  INVITED_TO_ORG: orgEvent('USER_AUDIT', 'User was invited to the organization'),
  ORG_INVITATION_DELETED: orgEvent('USER_AUDIT', 'Invitation to the organization was deleted'),
  JOINED_ORG: orgEvent('USER_AUDIT', 'User joined the organization'),
  REMOVED_FROM_ORG: orgEvent('USER_AUDIT', 'User was removed from the organization'),
  USER_ROLES_CHANGED_AUDIT: orgEvent('USER_AUDIT', "User's roles were changed"),
  INVITED_TO_GROUP: groupEvent('USER_AUDIT', 'User was invited to the project'),
  GROUP_INVITATION_DELETED: groupEvent('USER_AUDIT', 'Invitation to the project was deleted'),
  JOINED_GROUP: groupEvent('USER_AUDIT', 'User joined the project'),
  REMOVED_FROM_GROUP: groupEvent('USER_AUDIT', 'User was removed from the project'),
  JOINED_TEAM: orgEvent('USER_AUDIT', 'User joined the team'),
  REMOVED_FROM_TEAM: orgEvent('USER_AUDIT', 'User was removed from the team'),
  TEAM_CREATED: orgEvent('TEAM_AUDIT', 'Team was created'),
  TEAM_DELETED: orgEvent('TEAM_AUDIT', 'Team was deleted'),
  TEAM_NAME_CHANGED: orgEvent('TEAM_AUDIT', 'Team name was changed'),
  TEAM_ADDED_TO_GROUP: groupEvent('TEAM_AUDIT', 'Team was added to the project'),
  TEAM_REMOVED_FROM_GROUP: groupEvent('TEAM_AUDIT', 'Team was removed from the project'),
  TEAM_ROLES_MODIFIED: groupEvent('TEAM_AUDIT', "Team's roles in the project were modified"),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
