import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import type { AppRouter, inferRouterInputs } from '@vibemonitor/sdk';
import { useTRPC } from '@vibemonitor/sdk/react';
import { errorMessage, fieldErrors } from '../api.js';
import { Field, FormError, Notice, SelectField, formValues } from '../components/form.js';

type Provider = 'prometheus' | 'loki' | 'grafana' | 'cloudwatch' | 'datadog' | 'newrelic';
type DatadogRegion = 'us1' | 'us3' | 'us5' | 'eu1' | 'ap1' | 'us1-fed';
const datadogRegions: DatadogRegion[] = ['us1', 'us3', 'us5', 'eu1', 'ap1', 'us1-fed'];
type AuthType = 'none' | 'bearer' | 'basic';

const providerLabels: Record<Provider, string> = {
  prometheus: 'Prometheus',
  loki: 'Grafana Loki',
  grafana: 'Grafana',
  cloudwatch: 'AWS CloudWatch',
  datadog: 'Datadog',
  newrelic: 'New Relic',
};

/** Which form field a server message is about (zod paths first, then the message's words). */
const integrationFields = {
  name: /\bname\b/i,
  url: /\burl\b|address|host|reach|connect|refused|resolve|private network|https?:/i,
  token: /token/i,
  username: /username/i,
  password: /password/i,
  region: /region|site/i,
  roleArn: /role|trust|assume|arn/i,
  accountId: /account/i,
  apiKey: /api key|user key/i,
  appKey: /application key|app key|permission/i,
};

type ConfigInput = DistributiveOmit<
  inferRouterInputs<AppRouter>['integration']['test'],
  'workspaceId'
>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function configFrom(
  provider: Provider,
  authType: AuthType,
  v: Record<string, string>,
): ConfigInput {
  if (provider === 'cloudwatch')
    return { provider, region: v.region ?? '', roleArn: v.roleArn ?? '' } as const;
  if (provider === 'datadog')
    return {
      provider,
      region: (v.region ?? 'us1') as DatadogRegion,
      apiKey: v.apiKey ?? '',
      appKey: v.appKey ?? '',
    } as const;
  if (provider === 'newrelic')
    return {
      provider,
      region: v.region === 'EU' ? ('EU' as const) : ('US' as const),
      accountId: v.accountId ?? '',
      apiKey: v.apiKey ?? '',
    } as const;
  if (provider === 'grafana') return { provider, url: v.url ?? '', token: v.token ?? '' } as const;
  const auth =
    authType === 'bearer'
      ? ({ type: 'bearer', token: v.token ?? '' } as const)
      : authType === 'basic'
        ? ({ type: 'basic', username: v.username ?? '', password: v.password ?? '' } as const)
        : ({ type: 'none' } as const);
  return { provider, url: v.url ?? '', auth };
}

/** Connected telemetry sources with their health, and the connect form (test first, then connect). */
export function IntegrationsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspaceId = '' } = useParams();
  const workspace = useQuery(trpc.workspace.get.queryOptions({ workspaceId }));
  const list = useQuery(trpc.integration.list.queryOptions({ workspaceId }));
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.integration.list.queryKey() });
  const check = useMutation(trpc.integration.healthCheck.mutationOptions({ onSuccess: refresh }));
  const disconnect = useMutation(
    trpc.integration.disconnect.mutationOptions({ onSuccess: refresh }),
  );
  const owner = workspace.data?.role === 'owner';
  useEffect(() => {
    document.title = 'Integrations · VibeMonitor';
  }, []);
  return (
    <>
      <h1>Integrations</h1>
      {list.error ? <FormError message={errorMessage(list.error)} /> : null}
      {list.data && list.data.integrations.length === 0 ? (
        <p>No integrations yet: connect Prometheus, Loki, Grafana or AWS CloudWatch below.</p>
      ) : null}
      <ul className="integrations">
        {list.data?.integrations.map((i) => (
          <li key={i.id} className="card">
            <p>
              <strong>{i.name}</strong>{' '}
              <span className="muted">
                {i.provider}
                {i.url ? ` · ${i.url}` : ''}
                {i.aws ? ` · ${i.aws.region} · ${i.aws.roleArn}` : ''}
              </span>{' '}
              <span className={`badge health-${i.health.status}`}>{i.health.status}</span>
            </p>
            {i.health.lastError ? <p className="field-error">{i.health.lastError}</p> : null}
            <p className="muted">
              {i.version ? `version ${i.version} · ` : ''}
              {i.health.lastCheckedAt
                ? `checked ${i.health.lastCheckedAt.toLocaleString()}`
                : 'not checked yet'}
              {i.auth.secretLast4 ? ` · secret …${i.auth.secretLast4}` : ''}
            </p>
            {owner && i.provider !== 'demo' ? (
              <div className="row">
                <button
                  type="button"
                  className="secondary"
                  onClick={() => check.mutate({ workspaceId, integrationId: i.id })}
                  disabled={check.isPending}
                >
                  Check now
                </button>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => disconnect.mutate({ workspaceId, integrationId: i.id })}
                  disabled={disconnect.isPending}
                >
                  Disconnect
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <FormError
        message={
          check.error
            ? errorMessage(check.error)
            : disconnect.error
              ? errorMessage(disconnect.error)
              : null
        }
      />
      {owner ? (
        <ConnectForm workspaceId={workspaceId} onConnected={refresh} />
      ) : (
        <p className="muted">Only owners connect integrations.</p>
      )}
    </>
  );
}

function ConnectForm({
  workspaceId,
  onConnected,
}: {
  workspaceId: string;
  onConnected: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const [provider, setProvider] = useState<Provider>('prometheus');
  const [authType, setAuthType] = useState<AuthType>('none');
  const test = useMutation(trpc.integration.test.mutationOptions());
  const connect = useMutation(trpc.integration.connect.mutationOptions({ onSuccess: onConnected }));
  const lastError = connect.error ?? test.error;
  const errors = fieldErrors(lastError, integrationFields);
  // A nested zod path ("auth.token") belongs to the field it ends with.
  const errorFor = (name: keyof typeof integrationFields) => errors.fields[name];
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const v = formValues(event.currentTarget);
    const config = configFrom(provider, authType, v);
    test.reset();
    connect.reset();
    if (submitter?.value === 'test') test.mutate({ workspaceId, ...config });
    else connect.mutate({ workspaceId, ...config, ...(v.name?.trim() ? { name: v.name } : {}) });
  };
  return (
    <form
      className="card"
      onSubmit={submit}
      noValidate
      aria-labelledby="connect-title"
      data-testid="connect-form"
    >
      <h2 id="connect-title">Connect a source</h2>
      <SelectField
        label="Provider"
        value={provider}
        onChange={(e) => setProvider(e.target.value as Provider)}
      >
        {(Object.keys(providerLabels) as Provider[]).map((p) => (
          <option key={p} value={p}>
            {providerLabels[p]}
          </option>
        ))}
      </SelectField>
      <Field label="Name (optional)" name="name" error={errorFor('name')} />
      {provider === 'cloudwatch' ? (
        <AwsRoleFields workspaceId={workspaceId} errorFor={errorFor} />
      ) : provider === 'datadog' || provider === 'newrelic' ? (
        <>
          <SelectField label="Region" name="region" key={provider} error={errorFor('region')}>
            {(provider === 'datadog' ? datadogRegions : ['US', 'EU']).map((region) => (
              <option key={region} value={region}>
                {region}
              </option>
            ))}
          </SelectField>
          {provider === 'newrelic' ? (
            <Field
              label="Account id"
              name="accountId"
              inputMode="numeric"
              error={errorFor('accountId')}
            />
          ) : null}
          <Field
            label={provider === 'datadog' ? 'API key' : 'User API key'}
            name="apiKey"
            type="password"
            autoComplete="off"
            error={errorFor('apiKey')}
          />
          {provider === 'datadog' ? (
            <Field
              label="Application key"
              name="appKey"
              type="password"
              autoComplete="off"
              error={errorFor('appKey')}
            />
          ) : null}
        </>
      ) : (
        <>
          <Field
            label={provider === 'grafana' ? 'Grafana URL' : `${providerLabels[provider]} URL`}
            name="url"
            type="url"
            placeholder={
              provider === 'loki'
                ? 'http://loki:3100'
                : provider === 'grafana'
                  ? 'https://grafana.example.com'
                  : 'http://prometheus:9090'
            }
            error={errorFor('url')}
          />
          {provider === 'grafana' ? (
            <Field
              label="Service account token"
              name="token"
              type="password"
              autoComplete="off"
              error={errorFor('token')}
            />
          ) : (
            <>
              <SelectField
                label="Authentication"
                value={authType}
                onChange={(e) => setAuthType(e.target.value as AuthType)}
              >
                <option value="none">None</option>
                <option value="bearer">Bearer token</option>
                <option value="basic">Username and password</option>
              </SelectField>
              {authType === 'bearer' ? (
                <Field
                  label="Bearer token"
                  name="token"
                  type="password"
                  autoComplete="off"
                  error={errorFor('token')}
                />
              ) : null}
              {authType === 'basic' ? (
                <>
                  <Field
                    label="Username"
                    name="username"
                    autoComplete="off"
                    error={errorFor('username')}
                  />
                  <Field
                    label="Password"
                    name="password"
                    type="password"
                    autoComplete="off"
                    error={errorFor('password')}
                  />
                </>
              ) : null}
            </>
          )}
        </>
      )}
      <FormError message={errors.form} />
      {test.data?.check.status === 'failing' ? (
        <FormError message={`The check failed: ${test.data.check.message ?? 'no answer'}`} />
      ) : test.data ? (
        <Notice>
          Check {test.data.check.status}
          {test.data.check.version ? ` (version ${test.data.check.version})` : ''} in{' '}
          {Math.round(test.data.check.latencyMs)} ms
          {test.data.check.message ? `: ${test.data.check.message}` : '.'}
        </Notice>
      ) : null}
      {connect.data ? <Notice>Connected {connect.data.integration.name}.</Notice> : null}
      <div className="row">
        <button
          type="submit"
          value="test"
          className="secondary"
          disabled={test.isPending || connect.isPending}
        >
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" value="connect" disabled={test.isPending || connect.isPending}>
          {connect.isPending ? 'Connecting…' : 'Connect'}
        </button>
      </div>
    </form>
  );
}

/** The role VibeMonitor assumes: the workspace's external id and policies to create it, then its region and ARN. */
function AwsRoleFields({
  workspaceId,
  errorFor,
}: {
  workspaceId: string;
  errorFor: (name: 'region' | 'roleArn') => string | undefined;
}) {
  const trpc = useTRPC();
  const setup = useQuery(trpc.integration.awsSetup.queryOptions({ workspaceId }));
  return (
    <>
      {setup.error ? <FormError message={errorMessage(setup.error)} /> : null}
      {setup.data ? (
        <div className="notice" role="note">
          Create a role whose trust policy lets VibeMonitor assume it with the external id{' '}
          <code data-testid="aws-external-id">{setup.data.externalId}</code>, and give it this
          read-only policy.
          <details>
            <summary>Trust policy</summary>
            <pre>{setup.data.trustPolicy}</pre>
          </details>
          <details>
            <summary>Permissions policy</summary>
            <pre>{setup.data.permissionsPolicy}</pre>
          </details>
        </div>
      ) : null}
      <Field label="Region" name="region" placeholder="eu-west-1" error={errorFor('region')} />
      <Field
        label="Role ARN"
        name="roleArn"
        placeholder="arn:aws:iam::123456789012:role/VibeMonitorReadOnly"
        error={errorFor('roleArn')}
      />
    </>
  );
}
