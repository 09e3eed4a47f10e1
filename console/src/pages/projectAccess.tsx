import { useCatalog } from '../catalog';
import { field, ListSection, text } from './sections';

/** The project's members and teams with their project roles. */
export function ProjectAccessTab({ groupId }: { groupId: string }) {
  const catalog = useCatalog();
  return (
    <>
      <ListSection
        label="Project members"
        path={`/groups/${groupId}/users`}
        columns={[
          { label: 'User', cell: (r) => <strong>{text(r.username)}</strong> },
          field('Status', 'orgMembershipStatus'),
          { label: 'Project roles', cell: (r) => ((r.roles as string[] | undefined) ?? []).join(', ') },
        ]}
      />
      {catalog.data?.has('/groups/{groupId}/teams') && (
        <>
          <h2>Teams</h2>
          <ListSection
            label="Project teams"
            path={`/groups/${groupId}/teams`}
            columns={[field('Team', 'teamId', 'mono small'), { label: 'Roles', cell: (r) => ((r.roleNames as string[] | undefined) ?? []).join(', ') }]}
          />
        </>
      )}
    </>
  );
}
