import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, unique, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { createdAt, enumCheck, id, updatedAt } from './columns.js';
import { workspaceTypes } from './enums.js';
import { plans } from './plans.js';

/*
 * Workspaces and their environments live in one file because each references
 * the other (workspaces.default_environment_id, environments.workspace_id);
 * across two files the cycle would make module evaluation order matter.
 */

/**
 * The tenant column of every workspace-scoped table: NOT NULL, deleted with
 * its workspace. Each table still declares an index leading with it.
 */
export function workspaceId() {
  return uuid('workspace_id')
    .notNull()
    .references((): AnyPgColumn => workspaces.id, { onDelete: 'cascade' });
}

export const workspaces = pgTable(
  'workspaces',
  {
    id: id(),
    name: text('name').notNull(),
    type: text('type', { enum: workspaceTypes }).notNull(),
    /** The creator; kept as history, so it is nulled (not cascaded) when the user goes. */
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    planId: text('plan_id')
      .notNull()
      .default('free')
      .references(() => plans.id),
    defaultEnvironmentId: uuid('default_environment_id').references((): AnyPgColumn => environments.id, {
      onDelete: 'set null',
    }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // A user has exactly one personal workspace; team workspaces are unlimited.
    uniqueIndex('workspaces_one_personal_per_owner')
      .on(t.ownerUserId)
      .where(sql`${t.type} = 'personal'`),
    index('workspaces_owner_user_id_idx').on(t.ownerUserId),
    enumCheck('workspaces_type_check', t.type, workspaceTypes),
  ],
);

export const environments = pgTable(
  'environments',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Leads with workspace_id, so it doubles as the tenant index.
    unique('environments_workspace_name_unique').on(t.workspaceId, t.name),
    // At most one default per workspace: clear the old default before setting a new one.
    uniqueIndex('environments_one_default_per_workspace')
      .on(t.workspaceId)
      .where(sql`${t.isDefault}`),
  ],
);

export type Workspace = typeof workspaces.$inferSelect;
export type NewWorkspace = typeof workspaces.$inferInsert;
export type Environment = typeof environments.$inferSelect;
export type NewEnvironment = typeof environments.$inferInsert;
