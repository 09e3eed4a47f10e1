// This resource's collections in the document store (organizations themselves are platform tenancy).
/** Settings and delegation settings, one document per organization. */
export const ORG_SETTINGS = 'orgSettings';
