import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTRPC } from '@vibemonitor/sdk/react';
import { errorMessage, fieldErrors } from '../api.js';
import { Field, FormError, formValues } from '../components/form.js';

/** Environments (where investigations look) and the services investigations know by name. */
export function EnvironmentsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspaceId = '' } = useParams();
  const environments = useQuery(trpc.environment.list.queryOptions({ workspaceId }));
  const services = useQuery(trpc.service.list.queryOptions({ workspaceId, limit: 200 }));
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.environment.list.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.service.list.queryKey() });
  };
  const createEnv = useMutation(trpc.environment.create.mutationOptions({ onSuccess: refresh }));
  const setDefault = useMutation(
    trpc.environment.setDefault.mutationOptions({ onSuccess: refresh }),
  );
  const deleteEnv = useMutation(trpc.environment.delete.mutationOptions({ onSuccess: refresh }));
  const createService = useMutation(trpc.service.create.mutationOptions({ onSuccess: refresh }));
  const deleteService = useMutation(trpc.service.delete.mutationOptions({ onSuccess: refresh }));
  const envErrors = fieldErrors(createEnv.error, { name: /name/i });
  const serviceErrors = fieldErrors(createService.error, {
    name: /\bname\b/i,
    description: /description/i,
    aliases: /alias/i,
  });
  useEffect(() => {
    document.title = 'Environments & services · VibeMonitor';
  }, []);
  return (
    <>
      <h1>Environments &amp; services</h1>
      <h2>Environments</h2>
      {environments.error ? <FormError message={errorMessage(environments.error)} /> : null}
      <ul>
        {environments.data?.map((env) => (
          <li key={env.id}>
            <strong>{env.name}</strong>{' '}
            {env.isDefault ? <span className="badge">default</span> : null}
            {env.repositories.length > 0 ? (
              <span className="muted">
                {' '}
                · {env.repositories.map((r) => `${r.fullName}@${r.branch}`).join(', ')}
              </span>
            ) : null}{' '}
            {!env.isDefault ? (
              <button
                type="button"
                className="link"
                onClick={() => setDefault.mutate({ workspaceId, environmentId: env.id })}
              >
                Make default
              </button>
            ) : null}{' '}
            <button
              type="button"
              className="link"
              onClick={() => deleteEnv.mutate({ workspaceId, environmentId: env.id })}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      <FormError
        message={
          setDefault.error
            ? errorMessage(setDefault.error)
            : deleteEnv.error
              ? errorMessage(deleteEnv.error)
              : null
        }
      />
      <form
        noValidate
        className="inline-form"
        aria-label="New environment"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          createEnv.mutate(
            { workspaceId, name: formValues(form).name ?? '' },
            { onSuccess: () => form.reset() },
          );
        }}
      >
        <Field
          label="New environment"
          name="name"
          placeholder="production"
          error={envErrors.fields.name}
        />
        <button type="submit" disabled={createEnv.isPending}>
          Add environment
        </button>
      </form>
      <FormError message={envErrors.form} />

      <h2>Services</h2>
      {services.error ? <FormError message={errorMessage(services.error)} /> : null}
      <table>
        <caption className="visually-hidden">Services</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Aliases</th>
            <th scope="col">Description</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {services.data?.items.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.aliases.join(', ')}</td>
              <td>{s.description}</td>
              <td>
                <button
                  type="button"
                  className="link"
                  onClick={() => deleteService.mutate({ workspaceId, serviceId: s.id })}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormError message={deleteService.error ? errorMessage(deleteService.error) : null} />
      <form
        noValidate
        aria-label="New service"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const v = formValues(form);
          const aliases = (v.aliases ?? '')
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean);
          createService.mutate(
            {
              workspaceId,
              name: v.name ?? '',
              ...(v.description ? { description: v.description } : {}),
              ...(aliases.length > 0 ? { aliases } : {}),
            },
            { onSuccess: () => form.reset() },
          );
        }}
      >
        <h3>Add a service</h3>
        <Field label="Name" name="name" placeholder="checkout" error={serviceErrors.fields.name} />
        <Field
          label="Aliases (comma-separated)"
          name="aliases"
          placeholder="checkout-api, co"
          error={serviceErrors.fields.aliases}
        />
        <Field label="Description" name="description" error={serviceErrors.fields.description} />
        <FormError message={serviceErrors.form} />
        <button type="submit" disabled={createService.isPending}>
          Add service
        </button>
      </form>
    </>
  );
}
