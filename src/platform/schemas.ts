import { Type, type TSchema } from '@sinclair/typebox';

// Building blocks shared by the operations' schemas, with the patterns of the
// reference pages.

export const OBJECT_ID_PATTERN = '^([a-f0-9]{24})$';
export const CLUSTER_NAME_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9-]*$';

export const ObjectIdString = (description = 'Unique 24-hexadecimal digit string.') =>
  Type.String({ pattern: OBJECT_ID_PATTERN, minLength: 24, maxLength: 24, description });

export const GroupIdParam = ObjectIdString('Unique 24-hexadecimal digit string that identifies your project.');
export const OrgIdParam = ObjectIdString('Unique 24-hexadecimal digit string that identifies the organization.');
export const ClusterNameParam = Type.String({
  pattern: CLUSTER_NAME_PATTERN,
  minLength: 1,
  maxLength: 64,
  description: 'Human-readable label that identifies this cluster.',
});

export const DateTime = (description?: string) => Type.String({ format: 'date-time', description });

export const Link = Type.Object(
  { href: Type.String({ format: 'uri' }), rel: Type.String() },
  { additionalProperties: false },
);
export const Links = Type.Array(Link);

/** Atlas's paginated list: {links, results, totalCount}. */
export const Paginated = <T extends TSchema>(item: T, title?: string) =>
  Type.Object(
    {
      links: Links,
      results: Type.Array(item),
      totalCount: Type.Integer({ minimum: 0 }),
    },
    { additionalProperties: false, ...(title ? { title } : {}) },
  );

export const ErrorBody = Type.Object(
  {
    badRequestDetail: Type.Optional(
      Type.Object({
        fields: Type.Array(Type.Object({ description: Type.String(), field: Type.String() })),
      }),
    ),
    detail: Type.String(),
    error: Type.Integer(),
    errorCode: Type.String(),
    parameters: Type.Array(Type.Unknown()),
    reason: Type.String(),
  },
  { title: 'ApiError' },
);

/** A string enum as Atlas documents it (one `enum` keyword, so errors name the value). */
export const StringEnum = <T extends string>(values: readonly T[], options: Record<string, unknown> = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

/** The schema, or null (Atlas sends explicit nulls for some fields, e.g. errorMessage). */
export const Nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<import('@sinclair/typebox').Static<T> | null>({ ...schema, nullable: true });

// An address or a block, as the path carries it once decoded (192.0.2.0%2F24 is 192.0.2.0/24).
export const IpAddressParam = Type.String({
  pattern: '^(([0-9]{1,3}\\.){3}[0-9]{1,3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(/[0-9]{1,3})?$',
  description: 'One IP address or one CIDR block; encode the slash of a block as %2F.',
});

/** Entries for a credential's IP access list (API keys and service accounts take the same body). */
export const AccessListEntries = (title: string, maxItems?: number) =>
  Type.Array(
    Type.Object(
      {
        cidrBlock: Type.Optional(Type.String({ description: 'Range of addresses in CIDR notation.' })),
        ipAddress: Type.Optional(Type.String({ description: 'One network address.' })),
      },
      { additionalProperties: false, title },
    ),
    maxItems === undefined ? { minItems: 1 } : { minItems: 1, maxItems },
  );

/** Roles a request grants: at least one, each from the scope's set (ORG_ROLES or PROJECT_ROLES). */
export const RoleNames = <T extends string>(roles: readonly T[], description?: string) =>
  Type.Array(StringEnum(roles), description === undefined ? { minItems: 1 } : { minItems: 1, description });
