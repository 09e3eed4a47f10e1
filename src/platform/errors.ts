import { STATUS_CODES } from 'node:http';

export interface FieldViolation {
  field: string;
  description: string;
}

/**
 * An error as Atlas reports it. The domain throws these; the HTTP layer renders
 * them as {detail, error, errorCode, parameters, reason} with X-Error-Code.
 */
export class ApiError extends Error {
  /** For the log only: why the server answered so (e.g. which credential check failed). */
  why?: string;

  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly detail: string,
    readonly parameters: unknown[] = [],
    readonly badRequestDetail?: { fields: FieldViolation[] },
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }

  get reason(): string {
    return STATUS_CODES[this.status] ?? 'Error';
  }

  /** Atlas's error body, keys in Atlas's order. */
  body(): Record<string, unknown> {
    return {
      ...(this.badRequestDetail ? { badRequestDetail: this.badRequestDetail } : {}),
      detail: this.detail,
      error: this.status,
      errorCode: this.errorCode,
      parameters: this.parameters,
      reason: this.reason,
    };
  }
}

// Atlas words every RESOURCE_NOT_FOUND as "Cannot find <what>.", whatever is missing.
const resourceMissing = (what: string, parameters: unknown[]) =>
  new ApiError(404, 'RESOURCE_NOT_FOUND', `Cannot find ${what}.`, parameters);

// The codes Atlas uses, one constructor each, so that the same case always
// yields the same body.
export const errors = {
  unauthorized: () => new ApiError(401, 'UNAUTHORIZED', 'You are not authorized for this resource.'),
  notInGroup: () =>
    new ApiError(401, 'NOT_IN_GROUP', 'The current user is not in the group, or the group does not exist.'),
  notOrgMember: (orgId: string) =>
    new ApiError(401, 'NOT_ORG_MEMBER', 'The current user is not a member of the organization.', [orgId]),
  userUnauthorized: () =>
    new ApiError(401, 'USER_UNAUTHORIZED', 'Current user is not authorized to perform this action.'),
  ipNotAllowed: (ip: string) =>
    new ApiError(403, 'IP_ADDRESS_NOT_ON_ACCESS_LIST', `IP address ${ip} is not allowed to access this resource.`, [ip]),
  invalidVersion: () => new ApiError(406, 'INVALID_VERSION_DATE', 'Invalid accept header or version date.'),
  versionGone: (version: string) =>
    new ApiError(410, 'VERSION_GONE', `The requested API version ${version} has been sunset and is no longer available.`, [version]),
  resourceNotFound: (path: string) => resourceMissing(`resource ${path}`, [path]),
  /** `ownerKind` is what holds the list: "API key" or "service account". */
  accessListEntryNotFound: (entry: string, ownerKind: string, ownerId: string) =>
    resourceMissing(`access list entry ${entry} for ${ownerKind} ${ownerId}`, [entry, ownerId]),
  secretNotFound: (secretId: string) => resourceMissing(`service account secret ${secretId}`, [secretId]),
  /** `ownerKind` is what the snapshot belongs to: "cluster" or "serverless instance". */
  snapshotNotFound: (id: string, ownerKind: string, ownerName: string) =>
    new ApiError(404, 'SNAPSHOT_NOT_FOUND', `No snapshot with ID ${id} exists for ${ownerKind} ${ownerName}.`, [id, ownerName]),
  methodNotAllowed: (method: string, path: string) =>
    new ApiError(405, 'METHOD_NOT_ALLOWED', `Method ${method} is not allowed for resource ${path}.`, [method, path]),
  unsupportedMediaType: (type: string) =>
    new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `Unsupported content type ${type}.`, [type]),
  payloadTooLarge: () => new ApiError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.'),
  invalidPathParameter: (name: string) =>
    new ApiError(400, 'INVALID_PATH_PARAMETER', `Invalid path parameter ${name} specified.`, [name]),
  invalidQueryParameter: (name: string, why?: string) =>
    new ApiError(
      400,
      'INVALID_QUERY_PARAMETER',
      `Invalid query parameter ${name} specified.`,
      [name],
      why ? { fields: [{ field: name, description: why }] } : undefined,
    ),
  missingQueryParameter: (name: string) =>
    new ApiError(400, 'MISSING_QUERY_PARAMETER', `The required query parameter ${name} was not specified.`, [name]),
  malformedJson: () => new ApiError(400, 'MALFORMED_JSON', 'Received JSON is malformed.'),
  invalidJson: () => new ApiError(400, 'INVALID_JSON', 'Received JSON does not match expected format.'),
  invalidAttribute: (name: string, why?: string) =>
    new ApiError(
      400,
      'INVALID_ATTRIBUTE',
      `Invalid attribute ${name} specified.`,
      [name],
      why ? { fields: [{ field: name, description: why }] } : undefined,
    ),
  missingAttribute: (name: string) =>
    new ApiError(400, 'MISSING_ATTRIBUTE', `The required attribute ${name} was not specified.`, [name]),
  invalidEnumValue: (value: string, field?: string) =>
    new ApiError(
      400,
      'INVALID_ENUM_VALUE',
      `An invalid enumeration value ${value} was specified.`,
      [value],
      field ? { fields: [{ field, description: `${value} is not one of the allowed values` }] } : undefined,
    ),
  groupNotFound: (id: string) => new ApiError(404, 'GROUP_NOT_FOUND', `No group with ID ${id} exists.`, [id]),
  groupNameNotFound: (name: string) =>
    new ApiError(404, 'GROUP_NAME_NOT_FOUND', `No group with name ${name} exists.`, [name]),
  orgNotFound: (id: string) => new ApiError(404, 'ORG_NOT_FOUND', `No organization with ID ${id} exists.`, [id]),
  /** `path` as Atlas names it, without the leading slash (api/atlas/v2/orgs). */
  rateLimited: (
    path: string,
    bucket: { retryAfter: number; limit: number; refillRate: number; refillSeconds: number },
    errorCode = 'RATE_LIMITED_TOKEN_BUCKET',
  ) =>
    new ApiError(
      429,
      errorCode,
      `Rate limit exceeded for ${path}. Please retry after ${bucket.retryAfter} seconds. ` +
        `Request capacity: ${bucket.limit}. Refill rate: ${bucket.refillRate} per ${bucket.refillSeconds} seconds.`,
      [path, bucket.retryAfter, bucket.limit, bucket.refillRate, bucket.refillSeconds],
      undefined,
      {
        'Retry-After': String(bucket.retryAfter),
        'RateLimit-Limit': String(bucket.limit),
        'RateLimit-Remaining': '0',
      },
    ),
  unexpected: () => new ApiError(500, 'UNEXPECTED_ERROR', 'Unexpected error.'),
};
