import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTRPC } from '@vibemonitor/sdk/react';
import { errorMessage, fieldErrors } from '../api.js';
import { Field, FormError, Notice, SelectField, formValues } from '../components/form.js';

type LlmProvider = 'groq' | 'openai' | 'gemini' | 'azure_openai';
const labels: Record<LlmProvider, string> = {
  groq: 'Groq',
  openai: 'OpenAI',
  gemini: 'Google Gemini',
  azure_openai: 'Azure OpenAI',
};

/** The workspace's own model (owners), or the server's default, or none (deterministic analyst). */
export function LlmSettingsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspaceId = '' } = useParams();
  const workspace = useQuery(trpc.workspace.get.queryOptions({ workspaceId }));
  const config = useQuery(trpc.llmConfig.get.queryOptions({ workspaceId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.llmConfig.get.queryKey() });
  const put = useMutation(trpc.llmConfig.put.mutationOptions({ onSuccess: refresh }));
  const verify = useMutation(trpc.llmConfig.verify.mutationOptions({ onSuccess: refresh }));
  const reset = useMutation(trpc.llmConfig.reset.mutationOptions({ onSuccess: refresh }));
  const [provider, setProvider] = useState<LlmProvider>('openai');
  const errors = fieldErrors(put.error, {
    model: /model/i,
    apiKey: /api key|key/i,
    endpoint: /endpoint/i,
    deployment: /deployment/i,
    apiVersion: /version/i,
  });
  const owner = workspace.data?.role === 'owner';
  useEffect(() => {
    document.title = 'LLM settings · VibeMonitor';
  }, []);
  const current = config.data;
  return (
    <>
      <h1>LLM settings</h1>
      {config.error ? <FormError message={errorMessage(config.error)} /> : null}
      {current ? (
        <section className="card" aria-label="Current model">
          {current.source === 'workspace' ? (
            <p>
              This workspace uses <strong>{labels[current.provider]}</strong>{' '}
              <code>{current.model}</code>
              {current.apiKeyLast4 ? ` (key …${current.apiKeyLast4})` : ''}:{' '}
              {current.verified
                ? `verified ${current.verifiedAt?.toLocaleString() ?? ''}`
                : 'not verified yet'}
              .
            </p>
          ) : current.source === 'server_default' ? (
            <p>
              This workspace uses the server&apos;s default model, Groq <code>{current.model}</code>
              .
            </p>
          ) : (
            <p>
              No model is configured: investigations use the deterministic analyst (checks without a
              model).
            </p>
          )}
          {owner && current.source === 'workspace' ? (
            <div className="row">
              <button
                type="button"
                className="secondary"
                onClick={() => verify.mutate({ workspaceId })}
                disabled={verify.isPending}
              >
                {verify.isPending ? 'Verifying…' : 'Verify now'}
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => reset.mutate({ workspaceId })}
                disabled={reset.isPending}
              >
                Use the server default
              </button>
            </div>
          ) : null}
          {verify.data ? <Notice>Verified in {verify.data.latencyMs} ms.</Notice> : null}
          <FormError
            message={
              verify.error
                ? errorMessage(verify.error)
                : reset.error
                  ? errorMessage(reset.error)
                  : null
            }
          />
        </section>
      ) : null}
      {owner ? (
        <form
          noValidate
          className="card"
          aria-labelledby="llm-form"
          onSubmit={(e) => {
            e.preventDefault();
            const v = formValues(e.currentTarget);
            const common = {
              workspaceId,
              model: v.model ?? '',
              ...(v.apiKey ? { apiKey: v.apiKey } : {}),
            };
            if (provider === 'azure_openai')
              put.mutate({
                ...common,
                provider,
                endpoint: v.endpoint ?? '',
                deployment: v.deployment ?? '',
                apiVersion: v.apiVersion ?? '',
              });
            else put.mutate({ ...common, provider });
          }}
        >
          <h2 id="llm-form">Use your own model</h2>
          <SelectField
            label="Provider"
            value={provider}
            onChange={(e) => setProvider(e.target.value as LlmProvider)}
          >
            {(Object.keys(labels) as LlmProvider[]).map((p) => (
              <option key={p} value={p}>
                {labels[p]}
              </option>
            ))}
          </SelectField>
          <Field
            label="Model"
            name="model"
            placeholder={provider === 'groq' ? 'llama-3.3-70b-versatile' : 'gpt-4o-mini'}
            error={errors.fields.model}
          />
          <Field
            label="API key"
            name="apiKey"
            type="password"
            autoComplete="off"
            hint="Stored encrypted; leave empty to keep the saved key."
            error={errors.fields.apiKey}
          />
          {provider === 'azure_openai' ? (
            <>
              <Field
                label="Endpoint"
                name="endpoint"
                placeholder="https://acme.openai.azure.com"
                error={errors.fields.endpoint}
              />
              <Field label="Deployment" name="deployment" error={errors.fields.deployment} />
              <Field
                label="API version"
                name="apiVersion"
                placeholder="2024-10-21"
                error={errors.fields.apiVersion}
              />
            </>
          ) : null}
          <FormError message={errors.form} />
          {put.isSuccess ? (
            <Notice>Saved. Verify it to be sure the key and model work.</Notice>
          ) : null}
          <button type="submit" disabled={put.isPending}>
            Save
          </button>
        </form>
      ) : (
        <p className="muted">Only owners change the model.</p>
      )}
    </>
  );
}
