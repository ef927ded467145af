import type { Database } from '@vibemonitor/db';
import type { EnvironmentSummary } from './environment-summary.js';
import { loadEnvironments } from './load-environments.js';

/** Every environment of the workspace with its repositories, the default first. */
export async function listEnvironments({
  db,
  workspaceId,
}: {
  db: Database;
  workspaceId: string;
}): Promise<EnvironmentSummary[]> {
  return loadEnvironments({ db, workspaceId });
}
