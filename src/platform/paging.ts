import type { PageRequest } from './http/operation.js';
import type { Page } from './store/types.js';

/** The store's window for the requested page, for lists the store pages itself. */
export function storePage(page: PageRequest): Page {
  return { offset: page.offset, limit: page.itemsPerPage };
}
