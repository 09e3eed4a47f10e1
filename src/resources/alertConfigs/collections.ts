// This resource's collections in the document store.
export const ALERT_CONFIGS = 'alertConfigs';
