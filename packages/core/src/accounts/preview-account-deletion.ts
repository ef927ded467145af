import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm';
import type { MemberRole, WorkspaceType } from '@vibemonitor/contracts';
import {
  chatSessions,
  integrations,
  memberships,
  oauthAccounts,
  services,
  sessions,
  users,
  workspaces,
  type Database,
} from '@vibemonitor/db';

/** How many members of a blocking workspace the preview names; the rest are counted. */
export const BLOCKING_MEMBERS_SHOWN = 20;

export interface DeletionWorkspace {
  id: string;
  name: string;
  type: WorkspaceType;
  role: MemberRole;
}

export interface BlockingWorkspace extends DeletionWorkspace {
  /** The other members, who would be left without an owner (the first 20, oldest first). */
  otherMembers: Array<{ userId: string; email: string; name: string | null; role: MemberRole }>;
  otherMemberCount: number;
}

/** What deleting an account would do, computed from the current data. */
export interface AccountDeletionPreview {
  /** False while `blockingWorkspaces` is not empty. */
  canDelete: boolean;
  /** Deleted with everything in them: the personal workspace and teams where the user is alone. */
  workspacesToDelete: DeletionWorkspace[];
  /** Teams that keep going: the user's membership ends, their chats stay (unattributed). */
  workspacesToLeave: DeletionWorkspace[];
  /** Teams where the user is the only owner and others are members: hand over ownership or delete them first. */
  blockingWorkspaces: BlockingWorkspace[];
  counts: {
    sessions: number;
    memberships: number;
    oauthAccounts: number;
    workspaces: number;
    /** In the workspaces that will be deleted. */
    chatSessions: number;
    services: number;
    integrations: number;
  };
}

async function countIn(
  db: Database,
  table: typeof chatSessions | typeof services | typeof integrations,
  workspaceIds: string[],
) {
  if (workspaceIds.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(table)
    .where(inArray(table.workspaceId, workspaceIds));
  return row?.n ?? 0;
}

/**
 * Sorts the user's workspaces into deleted / left / blocking and counts what
 * goes with the account. `deleteAccount` runs the same function inside its
 * transaction, so the preview and the deletion cannot disagree.
 */
export async function previewAccountDeletion({
  db,
  userId,
}: {
  db: Database;
  userId: string;
}): Promise<AccountDeletionPreview> {
  const otherMembers = sql<number>`(select count(*)::int from ${memberships} m where m.workspace_id = ${workspaces.id} and m.user_id <> ${userId})`;
  const otherOwners = sql<number>`(select count(*)::int from ${memberships} m where m.workspace_id = ${workspaces.id} and m.user_id <> ${userId} and m.role = 'owner')`;
  const rows = await db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      type: workspaces.type,
      role: memberships.role,
      otherMembers,
      otherOwners,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(sql`${workspaces.type} <> 'personal'`, asc(workspaces.name), asc(workspaces.id));

  const workspacesToDelete: DeletionWorkspace[] = [];
  const workspacesToLeave: DeletionWorkspace[] = [];
  const blockingWorkspaces: BlockingWorkspace[] = [];
  for (const { otherMembers: others, otherOwners: owners, ...workspace } of rows) {
    if (workspace.type === 'personal' || Number(others) === 0) {
      workspacesToDelete.push(workspace);
    } else if (workspace.role === 'owner' && Number(owners) === 0) {
      const named = await db
        .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.workspaceId, workspace.id), ne(memberships.userId, userId)))
        .orderBy(asc(memberships.createdAt), asc(memberships.id))
        .limit(BLOCKING_MEMBERS_SHOWN);
      blockingWorkspaces.push({
        ...workspace,
        otherMembers: named,
        otherMemberCount: Number(others),
      });
    } else {
      workspacesToLeave.push(workspace);
    }
  }

  const deletedIds = workspacesToDelete.map((w) => w.id);
  const [sessionCount] = await db
    .select({ n: count() })
    .from(sessions)
    .where(eq(sessions.userId, userId));
  const [oauthCount] = await db
    .select({ n: count() })
    .from(oauthAccounts)
    .where(eq(oauthAccounts.userId, userId));
  return {
    canDelete: blockingWorkspaces.length === 0,
    workspacesToDelete,
    workspacesToLeave,
    blockingWorkspaces,
    counts: {
      sessions: sessionCount?.n ?? 0,
      memberships: rows.length,
      oauthAccounts: oauthCount?.n ?? 0,
      workspaces: deletedIds.length,
      chatSessions: await countIn(db, chatSessions, deletedIds),
      services: await countIn(db, services, deletedIds),
      integrations: await countIn(db, integrations, deletedIds),
    },
  };
}
