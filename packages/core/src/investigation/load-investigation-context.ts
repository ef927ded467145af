import { and, asc, eq } from 'drizzle-orm';
import { isAppError } from '@vibemonitor/contracts';
import type { SecretBox } from '@vibemonitor/auth';
import { chatSessions, chatTurns, environments, services, type Database } from '@vibemonitor/db';
import {
  createLokiClient,
  createPrometheusClient,
  type CloudWatchApi,
  type DatadogClient,
  type LokiClient,
  type NewrelicClient,
  type PrometheusClient,
} from '@vibemonitor/integrations';
import { httpPolicy, type IntegrationSettings } from '../integrations/integration-settings.js';
import {
  cloudWatchClientFor,
  datadogClientFor,
  loadIntegrationTarget,
  newrelicClientFor,
} from '../integrations/integration-target.js';
import { providerLabel } from '../integrations/integration-providers.js';
import { listDatasources, type DatasourceSummary } from '../integrations/list-datasources.js';
import { listIntegrations } from '../integrations/list-integrations.js';
import type { LlmSettings } from '../llm-config/llm-settings.js';
import { resolveDatasource } from '../telemetry/resolve-datasource.js';
import { chooseInvestigationModel, type InvestigationLlm } from './choose-investigation-model.js';
import { loadEffectivePlan } from '../billing/load-effective-plan.js';

/** A service as investigations see it: names and, when configured, its label matchers per source. */
export interface InvestigationService {
  name: string;
  aliases: string[];
  description: string | null;
  labelMatchers: { prometheus?: Record<string, string>; loki?: Record<string, string> };
}

export interface QueryableSource<Client> {
  /** The integration id, plus the Grafana datasource uid. */
  id: string;
  /** `Prometheus (prod)`, or `Grafana "Main" / Loki` for a Grafana datasource. */
  name: string;
  client: Client;
}

/** Everything the investigation engine needs from the workspace, credentials already inside the clients. */
export interface WorkspaceInvestigationContext {
  services: InvestigationService[];
  environment: { id: string; name: string } | null;
  prometheus: QueryableSource<PrometheusClient>[];
  loki: QueryableSource<LokiClient>[];
  /** CloudWatch integrations: each is read both as metrics and as logs. */
  cloudwatch: QueryableSource<CloudWatchApi>[];
  /** Datadog integrations: the worker reads them through @vibemonitor/core's createDatadogSources. */
  datadog: QueryableSource<DatadogClient>[];
  /** New Relic integrations: read through @vibemonitor/core's createNewrelicSources. */
  newrelic: QueryableSource<NewrelicClient>[];
  /** Integrations that exist but were not used, and why ("failing its health checks", "not supported yet"). */
  unavailable: string[];
  /** `demo` integrations: the worker serves them from the simulator (createDemoSources in @vibemonitor/simulator/sources). */
  demo: Array<{ id: string; name: string }>;
  llm: InvestigationLlm | null;
}

function stringMatchers(
  value: Record<string, unknown> | undefined,
): Record<string, string> | undefined {
  if (!value) return undefined;
  const entries = Object.entries(value).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Names of providers investigations cannot query yet (the integrations module only knows the connectable ones). */
const otherProviders: Record<string, string> = {
  datadog: 'Datadog',
  newrelic: 'New Relic',
  github: 'GitHub',
};

function sourceName(datasource: DatasourceSummary): string {
  return datasource.provider === 'grafana'
    ? `${datasource.integrationName} / ${datasource.name}`
    : datasource.integrationName;
}

/** The turn's environment: the one its session chose, else the workspace default, else none. */
async function turnEnvironment(
  db: Database,
  workspaceId: string,
  turnId: string,
): Promise<{ id: string; name: string } | null> {
  const [chosen] = await db
    .select({ id: environments.id, name: environments.name })
    .from(chatTurns)
    .innerJoin(
      chatSessions,
      and(eq(chatSessions.id, chatTurns.sessionId), eq(chatSessions.workspaceId, workspaceId)),
    )
    .innerJoin(
      environments,
      and(
        eq(environments.id, chatSessions.environmentId),
        eq(environments.workspaceId, workspaceId),
      ),
    )
    .where(and(eq(chatTurns.id, turnId), eq(chatTurns.workspaceId, workspaceId)));
  if (chosen) return chosen;
  const [fallback] = await db
    .select({ id: environments.id, name: environments.name })
    .from(environments)
    .where(and(eq(environments.workspaceId, workspaceId), eq(environments.isDefault, true)));
  return fallback ?? null;
}

/**
 * Loads what one investigation of a workspace needs: its services with their
 * telemetry identities, the environment of the turn, a Prometheus or Loki
 * client per queryable datasource (direct integrations and Grafana's
 * datasources, credentials decrypted into the clients and nowhere else),
 * and the model to use. Failing integrations are left out and named, so the
 * report can say what was not checked instead of timing out on them.
 */
export async function loadInvestigationContext({
  db,
  secrets,
  integrationSettings,
  llm,
  workspaceId,
  turnId,
}: {
  db: Database;
  secrets: SecretBox;
  integrationSettings: IntegrationSettings;
  llm: { settings: LlmSettings; serverApiKey: string | undefined };
  workspaceId: string;
  turnId: string;
}): Promise<WorkspaceInvestigationContext> {
  const serviceRows = await db
    .select({
      name: services.name,
      aliases: services.aliases,
      description: services.description,
      labelMatchers: services.labelMatchers,
    })
    .from(services)
    .where(eq(services.workspaceId, workspaceId))
    .orderBy(asc(services.createdAt), asc(services.name));
  const unavailable: string[] = [];
  // After a downgrade nothing is deleted, but investigations cover only the plan's first N services (oldest first).
  const plan = await loadEffectivePlan({ db, workspaceId });
  let covered = serviceRows;
  if (plan.maxServices !== null && serviceRows.length > plan.maxServices) {
    covered = serviceRows.slice(0, plan.maxServices);
    const left = serviceRows.slice(plan.maxServices).map((row) => row.name);
    unavailable.push(
      `Services beyond the ${plan.name} plan's ${plan.maxServices} (${left.join(', ')}): not investigated; ` +
        `the plan covers the first ${plan.maxServices} services by creation date.` +
        (plan.notice ? ` ${plan.notice}` : ''),
    );
  }
  covered = [...covered].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const workspaceServices = covered.map((row): InvestigationService => {
    const prometheus = stringMatchers(row.labelMatchers.prometheus);
    const loki = stringMatchers(row.labelMatchers.loki);
    return {
      name: row.name,
      aliases: row.aliases,
      description: row.description,
      labelMatchers: { ...(prometheus ? { prometheus } : {}), ...(loki ? { loki } : {}) },
    };
  });

  const demo: Array<{ id: string; name: string }> = [];
  const cloudwatch: QueryableSource<CloudWatchApi>[] = [];
  const datadog: QueryableSource<DatadogClient>[] = [];
  const newrelic: QueryableSource<NewrelicClient>[] = [];
  for (const integration of await listIntegrations({ db, workspaceId })) {
    if (integration.provider === 'demo') {
      demo.push({ id: integration.id, name: integration.name });
    } else if (integration.provider === 'cloudwatch') {
      if (integration.health.status === 'failing') {
        unavailable.push(
          `CloudWatch "${integration.name}": the integration is failing its health checks, so it was not queried.`,
        );
        continue;
      }
      const { target } = await loadIntegrationTarget({
        db,
        secrets,
        settings: integrationSettings,
        workspaceId,
        integrationId: integration.id,
      });
      if (target.provider !== 'cloudwatch') continue;
      cloudwatch.push({
        id: integration.id,
        name: integration.name,
        client: cloudWatchClientFor(target, integrationSettings),
      });
    } else if (integration.provider === 'datadog' || integration.provider === 'newrelic') {
      if (integration.health.status === 'failing') {
        unavailable.push(
          `${integration.name}: the integration is failing its health checks, so it was not queried.`,
        );
        continue;
      }
      const loaded = await loadIntegrationTarget({
        db,
        secrets,
        settings: integrationSettings,
        workspaceId,
        integrationId: integration.id,
      }).catch((error: unknown) => {
        // One broken integration must not stop the investigation: it is named as not checked.
        if (!isAppError(error)) throw error;
        unavailable.push(`${integration.name}: ${error.message}`);
        return null;
      });
      const target = loaded?.target;
      const policy = httpPolicy(integrationSettings);
      const source = { id: integration.id, name: integration.name };
      if (target?.provider === 'datadog')
        datadog.push({ ...source, client: datadogClientFor(target, policy) });
      if (target?.provider === 'newrelic')
        newrelic.push({ ...source, client: newrelicClientFor(target, policy) });
    } else if (!['grafana', 'prometheus', 'loki'].includes(integration.provider)) {
      unavailable.push(
        `${otherProviders[integration.provider] ?? providerLabel(integration.provider)} "${integration.name}": investigations cannot query this kind of integration yet.`,
      );
    } else if (
      integration.provider === 'grafana' &&
      integration.datasources.length === 0 &&
      integration.health.status !== 'failing'
    ) {
      unavailable.push(
        `Grafana "${integration.name}": no Prometheus or Loki datasource was found at its last health check.`,
      );
    }
  }

  const prometheus: QueryableSource<PrometheusClient>[] = [];
  const loki: QueryableSource<LokiClient>[] = [];
  for (const datasource of await listDatasources({ db, workspaceId })) {
    const name = sourceName(datasource);
    if (datasource.health === 'failing') {
      unavailable.push(
        `${name}: the integration is failing its health checks, so it was not queried.`,
      );
      continue;
    }
    const ref = { integrationId: datasource.integrationId, uid: datasource.uid ?? undefined };
    const { endpoint } = await resolveDatasource({
      db,
      secrets,
      settings: integrationSettings,
      workspaceId,
      type: datasource.type,
      ref,
    });
    const id = datasource.uid
      ? `${datasource.integrationId}:${datasource.uid}`
      : datasource.integrationId;
    if (datasource.type === 'prometheus')
      prometheus.push({ id, name, client: createPrometheusClient(endpoint) });
    else loki.push({ id, name, client: createLokiClient(endpoint) });
  }

  return {
    services: workspaceServices,
    environment: await turnEnvironment(db, workspaceId, turnId),
    prometheus,
    loki,
    cloudwatch,
    datadog,
    newrelic,
    unavailable,
    demo,
    llm: await chooseInvestigationModel({
      db,
      secrets,
      workspaceId,
      settings: llm.settings,
      serverApiKey: llm.serverApiKey,
    }),
  };
}
