// This resource's collections in the document store.
/** A project's maintenance window, once set. */
export const MAINTENANCE_WINDOWS = 'maintenanceWindows';
