import type { SecretBox } from '@vibemonitor/auth';
import type { Database } from '@vibemonitor/db';
import type { IntegrationSettings } from '../integrations/integration-settings.js';

/** What every telemetry procedure takes: the workspace, its input, and what reaching its integrations needs. */
export interface TelemetryRequest<Input> {
  db: Database;
  secrets: SecretBox;
  settings: IntegrationSettings;
  workspaceId: string;
  input: Input;
  /** The end of default time ranges (tests pin it). */
  now?: Date;
  signal?: AbortSignal;
}
