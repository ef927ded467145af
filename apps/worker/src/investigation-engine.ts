import {
  changeSourceFromEcs,
  createInvestigator,
  logSourceFromCloudWatch,
  logSourceFromLoki,
  metricSourceFromCloudWatch,
  metricSourceFromPrometheus,
  type ChangeSource,
  type CodeSource,
  type Investigator,
} from '@vibemonitor/agent';
import {
  createDatadogSources,
  createNewrelicSources,
  findAlertOnset,
  getGithubStatus,
  getPrivacySettings,
  githubAppFromConfig,
  integrationSettingsFromConfig,
  loadGithubCodeAccess,
  listGithubChanges,
  llmSettingsFromConfig,
  loadInvestigationContext,
  recordInvestigationSecurityEvent,
  type AppConfig,
} from '@vibemonitor/core';
import type { SecretBox } from '@vibemonitor/auth';
import type { Database } from '@vibemonitor/db';
import { createGithubCodeReader } from '@vibemonitor/integrations';
import { createDemoSources } from '@vibemonitor/simulator/sources';
import type { Logger } from 'pino';

/**
 * The real investigation engine for this worker: each turn loads the
 * workspace's context from the database (services, environment, a client per
 * connected Prometheus/Loki datasource, the workspace's or the server's
 * model, or none), then runs the agent. Security events go to the
 * `security_events` table. It only reads and inserts, statement by
 * statement (no transaction), so `db` may be the investigation thread's
 * remote database.
 */
export function createInvestigationEngine({
  config,
  db,
  secrets,
  logger,
}: {
  config: AppConfig;
  db: Database;
  secrets: SecretBox;
  logger: Logger;
}): Investigator {
  const integrationSettings = integrationSettingsFromConfig(config);
  const llm = {
    settings: llmSettingsFromConfig(config),
    serverApiKey: config.core.GROQ_API_KEY,
  };
  const githubApp = githubAppFromConfig(config);
  return createInvestigator({
    async loadContext({ workspaceId, turnId }) {
      const context = await loadInvestigationContext({
        db,
        secrets,
        integrationSettings,
        llm,
        workspaceId,
        turnId,
      });
      // Datadog and New Relic are read through the engine's PromQL/LogQL interfaces (see @vibemonitor/core provider-sources).
      const datadog = [
        ...context.datadog.map((source) =>
          createDatadogSources({ integration: source, client: source.client, now: new Date() }),
        ),
        ...context.newrelic.map((source) =>
          createNewrelicSources({ integration: source, client: source.client, now: new Date() }),
        ),
      ];
      // Demo integrations are served in process from the simulator, with their incident anchored to now.
      const demo = context.demo.map((integration) =>
        createDemoSources({ integration, now: new Date() }),
      );
      const github = await getGithubStatus({ db, github: null, workspaceId });
      // Only a connected workspace has a GitHub source: otherwise "no deploys" would be claimed from nothing.
      const githubChanges: ChangeSource[] = github.connected
        ? [
            {
              kind: 'changes',
              id: 'github',
              name: `GitHub (${github.installation?.accountLogin ?? 'app'})`,
              list: ({ start, end }) =>
                listGithubChanges({
                  db,
                  workspaceId,
                  environmentId: context.environment?.id ?? null,
                  start,
                  end,
                }),
            },
          ]
        : [];
      const access = githubApp
        ? await loadGithubCodeAccess({
            db,
            workspaceId,
            environmentId: context.environment?.id ?? null,
          })
        : null;
      const code: CodeSource | null =
        githubApp && access
          ? {
              kind: 'code',
              id: 'github-code',
              name: `GitHub code (${access.accountLogin})`,
              repositories: access.repositories,
              ...createGithubCodeReader({
                app: githubApp,
                installationId: access.installationId,
                allowed: access.repositories.map((r) => r.fullName),
              }),
            }
          : null;
      const privacy = await getPrivacySettings({ db, workspaceId });
      return {
        services: context.services,
        maskPersonalData: privacy.maskPersonalData,
        code,
        environment: context.environment,
        metrics: [
          ...context.prometheus.map((source) => metricSourceFromPrometheus(source, source.client)),
          // Ids differ per kind: the service directory keys its label discovery by source id.
          ...context.cloudwatch.map((source) =>
            metricSourceFromCloudWatch(
              { id: `${source.id}:metrics`, name: source.name },
              source.client,
            ),
          ),
          ...datadog.map((d) => d.metrics),
          ...demo.map((d) => d.metrics),
        ],
        logs: [
          ...context.loki.map((source) => logSourceFromLoki(source, source.client)),
          ...context.cloudwatch.map((source) =>
            logSourceFromCloudWatch(
              { id: `${source.id}:logs`, name: `${source.name} / Logs` },
              source.client,
            ),
          ),
          ...datadog.map((d) => d.logs),
          ...demo.map((d) => d.logs),
        ],
        changes: [
          ...githubChanges,
          ...context.cloudwatch.map((source) =>
            changeSourceFromEcs(
              { id: `${source.id}:ecs`, name: `${source.name} / ECS deployments` },
              source.client,
            ),
          ),
          ...datadog.map((d) => d.changes),
          ...demo.map((d) => d.changes),
        ],
        unavailable: [...context.unavailable, ...demo.map((d) => d.note)],
        model: context.llm
          ? { chat: context.llm.chat, name: context.llm.model, provider: context.llm.provider }
          : null,
        onset: await findAlertOnset({ db, workspaceId, turnId }),
      };
    },
    recordSecurityEvent: (event) => recordInvestigationSecurityEvent({ db, ...event }),
    logger: logger.child({ component: 'investigation' }),
  });
}
