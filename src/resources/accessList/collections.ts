// This resource's collections in the document store.
export const ACCESS_LIST = 'projectAccessList';
