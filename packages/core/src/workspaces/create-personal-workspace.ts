import { memberships, workspaces, type Database } from '@vibemonitor/db';

/**
 * Creates a user's personal workspace and makes them its owner. Call it inside
 * the transaction that creates the user (pass `tx`), so neither exists alone.
 */
export async function createPersonalWorkspace({
  db,
  userId,
  userName,
}: {
  db: Database;
  userId: string;
  userName: string;
}): Promise<{ workspaceId: string }> {
  const [workspace] = await db
    .insert(workspaces)
    .values({ name: `${userName}'s workspace`.slice(0, 100), type: 'personal', ownerUserId: userId })
    .returning({ id: workspaces.id });
  if (!workspace) throw new Error('insert into workspaces returned no row');
  await db.insert(memberships).values({ workspaceId: workspace.id, userId, role: 'owner' });
  return { workspaceId: workspace.id };
}
