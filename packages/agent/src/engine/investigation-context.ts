import type { WorkspaceService } from '../checks/workspace-service.js';
import type { InvestigationModel } from '../graph/investigation-session.js';
import type { ChangeSource, CodeSource, LogSource, MetricSource } from '../sources/data-sources.js';

/**
 * What the worker loads for one investigation and injects into the engine:
 * the workspace's services, the environment, the telemetry sources built from
 * its connected integrations, and the chat model (or none: the deterministic
 * analyst). Credentials stay inside the sources and the model client.
 */
export interface InvestigationContext {
  services: WorkspaceService[];
  environment: { id: string; name: string } | null;
  metrics: MetricSource[];
  logs: LogSource[];
  /** Deploy and change events, when something records them. */
  changes?: ChangeSource[];
  /** The environment's repositories (GitHub connected), for the read-only code tools. */
  code?: CodeSource | null;
  /** Integrations that exist but cannot be queried, with the reason, for "not checked". */
  unavailable: string[];
  model: InvestigationModel | null;
  /** When the incident began, when known (an alert's start): the incident window reaches back to just before it. */
  onset?: Date | null;
  /**
   * Mask emails, IPs, phone and card numbers, tokens and keys before any
   * text goes to the model provider (the workspace's setting; default true).
   */
  maskPersonalData?: boolean;
}
