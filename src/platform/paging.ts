import type { ListBody, PageRequest } from './http/operation.js';
import type { Page } from './store/types.js';

/** The store's window for the requested page, for lists the store pages itself. */
export function storePage(page: PageRequest): Page {
  return { offset: page.offset, limit: page.itemsPerPage };
}

/** Wraps one page of results as Atlas lists do: self, previous and next links spelling out the paging applied. */
export function listBuilder(
  base: string,
  pathname: string,
  rawQuery: string,
  page: PageRequest,
): <T>(results: T[], totalCount: number) => ListBody<T> {
  return (results, totalCount) => {
    const keep = new URLSearchParams(rawQuery);
    for (const k of ['pageNum', 'itemsPerPage', 'includeCount']) keep.delete(k);
    const href = (pageNum: number) => {
      const q = new URLSearchParams(keep);
      q.set('includeCount', String(page.includeCount));
      q.set('pageNum', String(pageNum));
      q.set('itemsPerPage', String(page.itemsPerPage));
      return `${base}${pathname}?${q.toString()}`;
    };
    const links = [{ href: href(page.pageNum), rel: 'self' }];
    if (page.pageNum > 1) links.unshift({ href: href(page.pageNum - 1), rel: 'previous' });
    if (page.offset + results.length < totalCount) links.push({ href: href(page.pageNum + 1), rel: 'next' });
    return { links, results, totalCount: page.includeCount ? totalCount : 0 };
  };
}
