// The tenancy every access check stands on: organizations and their projects.
export const ORGS = 'orgs';
export const PROJECTS = 'projects';
