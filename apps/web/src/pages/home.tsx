import { useEffect, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTRPC } from '@vibemonitor/sdk/react';
import { errorMessage, fieldErrors } from '../api.js';
import { Field, FormError, formValues } from '../components/form.js';
import { useOpenDemo } from './layout.js';

/** After sign-in: the person's workspaces, the demo one click away, and a form for a new team workspace. */
export function HomePage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const workspaces = useQuery(trpc.workspace.list.queryOptions());
  const info = useQuery(trpc.system.info.queryOptions());
  const invitations = useQuery(trpc.invitation.listMine.queryOptions());
  const openDemo = useOpenDemo();
  const create = useMutation(
    trpc.workspace.create.mutationOptions({
      onSuccess: async (workspace) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workspace.list.queryKey() });
        await navigate(`/w/${workspace.id}/chat`);
      },
    }),
  );
  const errors = fieldErrors(create.error, { name: /name/i });
  useEffect(() => {
    document.title = 'Workspaces · VibeMonitor';
  }, []);
  return (
    <main id="main" className="page narrow">
      <h1>Your workspaces</h1>
      {info.data?.demo.available ? (
        <section className="card demo-card" aria-labelledby="demo-title">
          <h2 id="demo-title">Try it on the demo</h2>
          <p>{info.data.demo.note}</p>
          <button type="button" onClick={() => openDemo.mutate()} disabled={openDemo.isPending}>
            {openDemo.isPending ? 'Opening…' : 'Open the demo workspace'}
          </button>
          <FormError message={openDemo.error ? errorMessage(openDemo.error) : null} />
        </section>
      ) : null}
      {invitations.data && invitations.data.items.length > 0 ? (
        <section className="card" aria-labelledby="inv-title">
          <h2 id="inv-title">Invitations</h2>
          <ul>
            {invitations.data.items.map((inv) => (
              <li key={inv.id}>
                {inv.workspace.name} as {inv.role}{' '}
                <Link to={`/invitations?id=${inv.id}`}>Answer</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {workspaces.error ? <FormError message={errorMessage(workspaces.error)} /> : null}
      <ul className="workspace-list">
        {workspaces.data?.map((w) => (
          <li key={w.id}>
            <Link to={`/w/${w.id}/chat`}>{w.name}</Link>{' '}
            <span className="muted">
              ({w.type}, {w.role})
            </span>
          </li>
        ))}
      </ul>
      <section className="card" aria-labelledby="new-ws">
        <h2 id="new-ws">New team workspace</h2>
        <form
          noValidate
          onSubmit={(event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            create.mutate({ name: formValues(event.currentTarget).name ?? '' });
          }}
        >
          <Field label="Workspace name" name="name" required error={errors.fields.name} />
          <FormError message={errors.form} />
          <button type="submit" disabled={create.isPending}>
            Create workspace
          </button>
        </form>
      </section>
    </main>
  );
}
