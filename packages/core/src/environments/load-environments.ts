import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { environments, repositories, type Database } from '@vibemonitor/db';
import type { EnvironmentSummary, RepositorySummary } from './environment-summary.js';

/**
 * A workspace's environments with their repositories: the default first,
 * then by name. Pass `environmentId` for just that one (NOT_FOUND when it is
 * not in this workspace, so ids from other workspaces reveal nothing).
 */
export async function loadEnvironments({
  db,
  workspaceId,
  environmentId,
}: {
  db: Database;
  workspaceId: string;
  environmentId?: string;
}): Promise<EnvironmentSummary[]> {
  const rows = await db
    .select({
      id: environments.id,
      name: environments.name,
      isDefault: environments.isDefault,
      createdAt: environments.createdAt,
      updatedAt: environments.updatedAt,
    })
    .from(environments)
    .where(
      and(
        eq(environments.workspaceId, workspaceId),
        environmentId ? eq(environments.id, environmentId) : undefined,
      ),
    )
    .orderBy(
      desc(environments.isDefault),
      asc(sql`lower(${environments.name})`),
      asc(environments.id),
    );
  if (environmentId && rows.length === 0)
    throw new AppError('NOT_FOUND', 'Environment not found in this workspace.');
  if (rows.length === 0) return [];

  const repos = await db
    .select({
      id: repositories.id,
      environmentId: repositories.environmentId,
      fullName: repositories.fullName,
      branch: repositories.branch,
    })
    .from(repositories)
    .where(
      and(
        eq(repositories.workspaceId, workspaceId),
        inArray(
          repositories.environmentId,
          rows.map((row) => row.id),
        ),
      ),
    )
    .orderBy(asc(sql`lower(${repositories.fullName})`), asc(repositories.id));
  const byEnvironment = new Map<string, RepositorySummary[]>();
  for (const { environmentId: owner, ...repo } of repos) {
    const list = byEnvironment.get(owner) ?? [];
    list.push(repo);
    byEnvironment.set(owner, list);
  }
  return rows.map((row) => ({ ...row, repositories: byEnvironment.get(row.id) ?? [] }));
}

/** One environment of the workspace with its repositories (NOT_FOUND otherwise). */
export async function loadEnvironment({
  db,
  workspaceId,
  environmentId,
}: {
  db: Database;
  workspaceId: string;
  environmentId: string;
}): Promise<EnvironmentSummary> {
  const [environment] = await loadEnvironments({ db, workspaceId, environmentId });
  if (!environment) throw new AppError('NOT_FOUND', 'Environment not found in this workspace.');
  return environment;
}

/**
 * Refuses a name another environment of the workspace already uses, ignoring
 * case ("Production" and "production" would be indistinguishable in the UI).
 * Call it after locking the workspace so two creates cannot both pass.
 */
export async function assertEnvironmentNameFree({
  db,
  workspaceId,
  name,
  exceptId,
}: {
  db: Database;
  workspaceId: string;
  name: string;
  exceptId?: string;
}): Promise<void> {
  const [clash] = await db
    .select({ id: environments.id, name: environments.name })
    .from(environments)
    .where(
      and(
        eq(environments.workspaceId, workspaceId),
        eq(sql`lower(${environments.name})`, name.toLowerCase()),
      ),
    );
  if (clash && clash.id !== exceptId) {
    throw new AppError(
      'CONFLICT',
      `An environment named "${clash.name}" already exists in this workspace.`,
    );
  }
}
