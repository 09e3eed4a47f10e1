import type { PageRequest } from '../http/operation.js';

/** The requested page of a list the handler holds whole (the store pages only what it lists itself). */
export function pageOf<T>(page: PageRequest, all: T[]): T[] {
  return all.slice(page.offset, page.offset + page.itemsPerPage);
}
