import { createInvestigator, logSourceFromLoki, metricSourceFromPrometheus, type Investigator } from '@vibemonitor/agent';
import {
  integrationSettingsFromConfig,
  llmSettingsFromConfig,
  loadInvestigationContext,
  recordInvestigationSecurityEvent,
  type Runtime,
} from '@vibemonitor/core';
import type { Logger } from 'pino';

/**
 * The real investigation engine for this worker: each turn loads the
 * workspace's context from the database (services, environment, a client per
 * connected Prometheus/Loki datasource, the workspace's or the server's
 * model, or none), then runs the agent. Security events go to the
 * `security_events` table.
 */
export function createInvestigationEngine({ runtime, logger }: { runtime: Runtime; logger: Logger }): Investigator {
  const db = runtime.database.db;
  const integrationSettings = integrationSettingsFromConfig(runtime.config);
  const llm = { settings: llmSettingsFromConfig(runtime.config), serverApiKey: runtime.config.core.GROQ_API_KEY };
  return createInvestigator({
    async loadContext({ workspaceId, turnId }) {
      const context = await loadInvestigationContext({ db, secrets: runtime.secrets, integrationSettings, llm, workspaceId, turnId });
      return {
        services: context.services,
        environment: context.environment,
        metrics: context.prometheus.map((source) => metricSourceFromPrometheus(source, source.client)),
        logs: context.loki.map((source) => logSourceFromLoki(source, source.client)),
        unavailable: context.unavailable,
        model: context.llm ? { chat: context.llm.chat, name: context.llm.model, provider: context.llm.provider } : null,
      };
    },
    recordSecurityEvent: (event) => recordInvestigationSecurityEvent({ db, ...event }),
    logger: logger.child({ component: 'investigation' }),
  });
}
