import type { PageRequest } from '../http/operation.js';
import type { Page } from '../store/types.js';

/** The requested page of a list the handler holds whole (the store pages only what it lists itself). */
export function pageOf<T>(page: PageRequest, all: T[]): T[] {
  return all.slice(page.offset, page.offset + page.itemsPerPage);
}

/** The store's window for the requested page, for lists the store pages itself. */
export function storePage(page: PageRequest): Page {
  return { offset: page.offset, limit: page.itemsPerPage };
}
