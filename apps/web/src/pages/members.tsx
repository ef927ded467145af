import { useEffect, useRef } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTRPC } from '@vibemonitor/sdk/react';
import { errorMessage, fieldErrors } from '../api.js';
import { Field, FormError, Notice, SelectField, formValues } from '../components/form.js';

/** Members and invitations of a workspace; owners invite, change roles and remove. */
export function MembersPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspaceId = '' } = useParams();
  const workspace = useQuery(trpc.workspace.get.queryOptions({ workspaceId }));
  const me = useQuery(trpc.auth.me.queryOptions());
  const members = useQuery(trpc.member.list.queryOptions({ workspaceId, limit: 200 }));
  const owner = workspace.data?.role === 'owner';
  const invitations = useQuery({
    ...trpc.invitation.listForWorkspace.queryOptions({ workspaceId, limit: 200 }),
    enabled: owner,
  });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.invitation.listForWorkspace.queryKey() });
  };
  const invite = useMutation(trpc.invitation.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.invitation.revoke.mutationOptions({ onSuccess: refresh }));
  const setRole = useMutation(trpc.member.updateRole.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.member.remove.mutationOptions({ onSuccess: refresh }));
  const errors = fieldErrors(invite.error, { email: /email|address/i, role: /role/i });
  useEffect(() => {
    document.title = 'Members · VibeMonitor';
  }, []);
  return (
    <>
      <h1>Members</h1>
      {members.error ? <FormError message={errorMessage(members.error)} /> : null}
      <table>
        <caption className="visually-hidden">Members</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            {owner ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {members.data?.items.map((m) => (
            <tr key={m.userId}>
              <td>{m.name ?? '—'}</td>
              <td>{m.email}</td>
              <td>
                {owner && m.userId !== me.data?.user.id ? (
                  <select
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    onChange={(e) =>
                      setRole.mutate({
                        workspaceId,
                        userId: m.userId,
                        role: e.target.value as 'user' | 'owner',
                      })
                    }
                  >
                    <option value="user">user</option>
                    <option value="owner">owner</option>
                  </select>
                ) : (
                  m.role
                )}
              </td>
              {owner ? (
                <td>
                  {m.userId !== me.data?.user.id ? (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => remove.mutate({ workspaceId, userId: m.userId })}
                    >
                      Remove
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <FormError
        message={
          setRole.error
            ? errorMessage(setRole.error)
            : remove.error
              ? errorMessage(remove.error)
              : null
        }
      />
      {owner ? (
        <>
          <h2>Invite someone</h2>
          {workspace.data?.type === 'personal' ? (
            <p className="muted">
              Personal workspaces are yours alone: create a team workspace to invite people.
            </p>
          ) : (
            <form
              noValidate
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                const v = formValues(e.currentTarget);
                invite.mutate(
                  {
                    workspaceId,
                    email: v.email ?? '',
                    role: (v.role as 'user' | 'owner') ?? 'user',
                  },
                  { onSuccess: () => (e.target as HTMLFormElement).reset() },
                );
              }}
            >
              <Field label="Email" name="email" type="email" required error={errors.fields.email} />
              <SelectField label="Role" name="role" defaultValue="user" error={errors.fields.role}>
                <option value="user">user</option>
                <option value="owner">owner</option>
              </SelectField>
              <button type="submit" disabled={invite.isPending}>
                Send invitation
              </button>
            </form>
          )}
          <FormError message={errors.form} />
          {invite.data ? (
            <Notice>
              {invite.data.resent ? 'A fresh link was sent' : 'Invitation sent'} to{' '}
              {invite.data.invitation.email}.
            </Notice>
          ) : null}
          <h2>Invitations</h2>
          {invitations.data && invitations.data.items.length === 0 ? (
            <p className="muted">No invitations.</p>
          ) : null}
          <ul>
            {invitations.data?.items.map((inv) => (
              <li key={inv.id}>
                {inv.email} as {inv.role}:{' '}
                <span className={`badge status-${inv.status}`}>{inv.status}</span>{' '}
                {inv.status === 'pending' ? (
                  <button
                    type="button"
                    className="link"
                    onClick={() => revoke.mutate({ workspaceId, invitationId: inv.id })}
                  >
                    Revoke
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          <FormError message={revoke.error ? errorMessage(revoke.error) : null} />
        </>
      ) : null}
    </>
  );
}

/** Where an invitation email's link lands (/invitations?token=...), or an invitation picked from the home page (?id=). */
export function AcceptInvitationPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token');
  const id = params.get('id');
  const ref = token ? { token } : id ? { invitationId: id } : null;
  const me = useQuery(trpc.auth.me.queryOptions());
  const accept = useMutation(
    trpc.invitation.accept.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workspace.list.queryKey() });
        await navigate(`/w/${result.workspace.id}/chat`);
      },
    }),
  );
  const decline = useMutation(trpc.invitation.decline.mutationOptions());
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = 'Invitation · VibeMonitor';
    heading.current?.focus();
  }, []);
  return (
    <main id="main" className="page narrow">
      <h1 ref={heading} tabIndex={-1}>
        Join a workspace
      </h1>
      {!ref ? (
        <FormError message="This invitation link is missing its token. Open the link from the email again." />
      ) : decline.isSuccess ? (
        <Notice>Invitation declined.</Notice>
      ) : (
        <>
          <p>
            You were invited to a workspace. Signed in as <strong>{me.data?.user.email}</strong>:
            the invitation must be for this address, and the address must be verified.
          </p>
          <div className="row">
            <button type="button" onClick={() => accept.mutate(ref)} disabled={accept.isPending}>
              Accept invitation
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => decline.mutate(ref)}
              disabled={decline.isPending}
            >
              Decline
            </button>
          </div>
          <FormError
            message={
              accept.error
                ? errorMessage(accept.error)
                : decline.error
                  ? errorMessage(decline.error)
                  : null
            }
          />
        </>
      )}
      <p>
        <Link to="/">Your workspaces</Link>
      </p>
    </main>
  );
}
