// This resource's collections in the document store.
export const PROJECT_SETTINGS = 'projectSettings';
