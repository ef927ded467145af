import { asc, eq, sql } from 'drizzle-orm';
import { memberships, workspaces, type Database } from '@vibemonitor/db';
import type { WorkspaceSummary } from './workspace-summary.js';

/** Every workspace the user belongs to: the personal one first, then teams by name. */
export async function listWorkspaces({
  db,
  userId,
}: {
  db: Database;
  userId: string;
}): Promise<WorkspaceSummary[]> {
  return db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      type: workspaces.type,
      role: memberships.role,
      createdAt: workspaces.createdAt,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(
      sql`${workspaces.type} <> 'personal'`,
      asc(sql`lower(${workspaces.name})`),
      asc(workspaces.createdAt),
      asc(workspaces.id),
    );
}
