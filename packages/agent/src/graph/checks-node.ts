import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { buildServiceDirectory } from '../checks/service-directory.js';
import type { InvestigationSession } from './investigation-session.js';
import type { InvestigationStateUpdate } from './investigation-state.js';
import { thinking, writeEvent } from './rca-writer.js';

/**
 * Discovers the services in every source, then runs the deterministic
 * checks, streaming one `finding` per check. Sources that fail discovery are
 * reported under "not checked" instead of failing the run.
 */
export function checksNode(session: InvestigationSession) {
  return async (
    _state: unknown,
    config: LangGraphRunnableConfig,
  ): Promise<InvestigationStateUpdate> => {
    for (const reason of session.unavailable) session.notChecked.push(reason);
    if (session.metrics.length === 0 && session.logs.length === 0) {
      // Nothing to look at: no checks, and no model either (it could only guess).
      session.notChecked.push(
        'Logs and metrics: no Prometheus, Loki or Grafana integration is connected to this workspace, so no telemetry could be queried.',
      );
      writeEvent(
        config,
        thinking(
          'No logs or metrics integration is connected to this workspace, so no checks or queries can run for this question.',
        ),
      );
      return { checkResults: [] };
    }
    if (session.metrics.length === 0 && session.logs.length > 0)
      session.notChecked.push(
        'Metrics: no Prometheus (or Grafana Prometheus datasource) is connected.',
      );
    if (session.logs.length === 0 && session.metrics.length > 0)
      session.notChecked.push('Logs: no Loki (or Grafana Loki datasource) is connected.');
    writeEvent(
      config,
      thinking(
        `Running the deterministic checks over ${session.metrics.length} metrics and ${session.logs.length} log source(s), ${session.window.incident.start.toISOString()} to ${session.window.incident.end.toISOString()} against the ${Math.round((session.window.baseline.end.getTime() - session.window.baseline.start.getTime()) / 60_000)} minutes before.`,
      ),
    );
    const { directory, failures } = await buildServiceDirectory({
      question: session.question,
      workspaceServices: session.services,
      metrics: session.metrics,
      logs: session.logs,
      window: { start: session.window.baseline.start, end: session.window.incident.end },
      signal: session.signal,
    });
    session.directory = directory;
    for (const failure of failures)
      session.notChecked.push(`${failure.source}: label discovery failed (${failure.message}).`);
    const checks = await session.runChecks({
      question: session.question,
      directory,
      metrics: session.metrics,
      logs: session.logs,
      changes: session.changes,
      window: session.window,
      ledger: session.ledger,
      queryLog: session.queryLog,
      signal: session.signal,
      onResult: (result) =>
        writeEvent(config, {
          type: 'finding',
          check: result.check,
          interesting: result.interesting,
          summary: result.summary,
        }),
    });
    for (const check of checks)
      for (const reason of check.notChecked) session.notChecked.push(reason);
    return { checkResults: checks };
  };
}
