import { ApiError } from '../errors.js';
import type { Operation } from '../http/operation.js';
import { Router } from '../http/router.js';
import { CONTRACT_OPERATIONS, routeKey } from './index.js';

/**
 * Finds the Atlas operations of the contract this server does not serve, so that a client
 * calling one learns it is not emulated rather than that the resource does not exist.
 */
export class NotServed {
  private readonly router: Router;

  constructor(served: Operation[]) {
    const servedKeys = new Set(served.map((op) => routeKey(op.method, op.path)));
    const missing = [...CONTRACT_OPERATIONS.values()].filter((op) => !servedKeys.has(routeKey(op.method, op.path)));
    // The router only reads the route and the name of what it matches.
    this.router = new Router(missing.map((op) => ({ operationId: op.operationId, method: op.method, path: op.path }) as Operation));
  }

  /** The Atlas operation at this method and path that is not served, if there is one. */
  operationAt(method: string, pathname: string): string | null {
    const m = this.router.match(method, pathname);
    return m.kind === 'found' ? m.op.operationId : null;
  }
}

export function notEmulated(operationId: string, pathname: string): ApiError {
  return new ApiError(
    404,
    'RESOURCE_NOT_FOUND',
    `Cannot find resource ${pathname}: the Atlas operation ${operationId} is not emulated by this server.`,
    [pathname],
  );
}

/** Refuses a call the router did not match that names an Atlas operation this server does not serve (logged once per call). */
export function refuseNotServed(notServed: NotServed, method: string, pathname: string, log: { warn(o: object, msg: string): void }): void {
  const missing = notServed.operationAt(method, pathname);
  if (!missing) return;
  log.warn({ operationId: missing, method, path: pathname }, `Atlas operation ${missing} is not emulated`);
  throw notEmulated(missing, pathname);
}
