import { useCatalog } from '../catalog';
import { field, ListSection, text, when, type Row } from './sections';

// An organization's access manager: members, teams, invitations, API keys and
// service accounts, each shown when the server serves its list. Secrets are
// never in these answers; API keys show Atlas's masked private key.

const roles = (r: Row) => {
  const own = r.roles as { orgRoles?: string[] } | string[] | undefined;
  return (Array.isArray(own) ? own : (own?.orgRoles ?? [])).join(', ');
};

export function OrgAccess({ orgId }: { orgId: string }) {
  const catalog = useCatalog();
  const has = (p: string) => catalog.data?.has(`/orgs/{orgId}/${p}`) ?? false;
  return (
    <>
      {has('users') && (
        <>
          <h2>Members</h2>
          <ListSection
            label="Organization members"
            path={`/orgs/${orgId}/users`}
            columns={[
              { label: 'User', cell: (r) => <strong>{text(r.username)}</strong> },
              { label: 'Name', cell: (r) => [r.firstName, r.lastName].filter(Boolean).join(' ') || '—' },
              field('Status', 'orgMembershipStatus'),
              { label: 'Organization roles', cell: roles },
              when('Invitation expires', 'invitationExpiresAt'),
            ]}
          />
        </>
      )}
      {has('teams') && (
        <>
          <h2>Teams</h2>
          <ListSection label="Teams" path={`/orgs/${orgId}/teams`} columns={[{ label: 'Team', cell: (r) => <strong>{text(r.name)}</strong> }, field('Id', 'id', 'mono small')]} />
        </>
      )}
      {has('invites') && (
        <>
          <h2>Pending invitations</h2>
          <ListSection
            label="Invitations"
            path={`/orgs/${orgId}/invites`}
            columns={[
              { label: 'User', cell: (r) => <strong>{text(r.username)}</strong> },
              { label: 'Roles', cell: roles },
              field('Invited by', 'inviterUsername'),
              when('Expires', 'expiresAt'),
            ]}
          />
        </>
      )}
      {has('apiKeys') && (
        <>
          <h2>API keys</h2>
          <ListSection
            label="API keys"
            path={`/orgs/${orgId}/apiKeys`}
            columns={[
              { label: 'Public key', cell: (r) => <strong class="mono">{text(r.publicKey)}</strong> },
              field('Private key', 'privateKey', 'mono small'),
              field('Description', 'desc'),
              { label: 'Roles', cell: (r) => ((r.roles as { roleName: string }[] | undefined) ?? []).map((x) => x.roleName).join(', ') },
            ]}
          />
        </>
      )}
      {has('serviceAccounts') && (
        <>
          <h2>Service accounts</h2>
          <ListSection
            label="Service accounts"
            path={`/orgs/${orgId}/serviceAccounts`}
            columns={[
              { label: 'Name', cell: (r) => <strong>{text(r.name)}</strong> },
              field('Client id', 'clientId', 'mono small'),
              { label: 'Roles', cell: (r) => ((r.roles as string[] | undefined) ?? []).join(', ') },
              { label: 'Secrets', cell: (r) => ((r.secrets as { maskedSecretValue?: string }[] | undefined) ?? []).map((x) => x.maskedSecretValue ?? '****').join(', ') },
              when('Created', 'createdAt'),
            ]}
          />
        </>
      )}
    </>
  );
}
