// This resource's collections in the document store.
export const PROJECT_SETTINGS = 'projectSettings';
/** The project's feature toggles (GET/PATCH /settings), one document per project once changed. */
export const GROUP_SETTINGS = 'groupSettings';
/** Limits a project raised or lowered from their defaults, one document per project. */
export const GROUP_LIMITS = 'groupLimits';
