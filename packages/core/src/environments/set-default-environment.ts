import type { Database } from '@vibemonitor/db';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import type { EnvironmentSummary } from './environment-summary.js';
import { loadEnvironment } from './load-environments.js';
import { makeDefaultEnvironment } from './make-default-environment.js';

/** Makes one environment the workspace's default (owners); the previous default is cleared. */
export async function setDefaultEnvironment({
  db,
  actor,
  workspaceId,
  environmentId,
}: {
  db: Database;
  actor: { id: string };
  workspaceId: string;
  environmentId: string;
}): Promise<EnvironmentSummary> {
  return db.transaction(async (tx) => {
    // The lock serialises two owners switching the default at the same moment.
    await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
    await loadEnvironment({ db: tx, workspaceId, environmentId });
    await makeDefaultEnvironment({ db: tx, workspaceId, environmentId });
    return loadEnvironment({ db: tx, workspaceId, environmentId });
  });
}
