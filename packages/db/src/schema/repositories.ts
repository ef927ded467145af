import { index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.js';
import { environments, workspaceId } from './workspaces.js';

/** GitHub repositories attached to an environment (the code the agent may read). */
export const repositories = pgTable(
  'repositories',
  {
    id: id(),
    workspaceId: workspaceId(),
    environmentId: uuid('environment_id')
      .notNull()
      .references(() => environments.id, { onDelete: 'cascade' }),
    /** `owner/name`. */
    fullName: text('full_name').notNull(),
    branch: text('branch').notNull().default('main'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('repositories_workspace_id_idx').on(t.workspaceId),
    unique('repositories_environment_full_name_unique').on(t.environmentId, t.fullName),
  ],
);

export type Repository = typeof repositories.$inferSelect;
export type NewRepository = typeof repositories.$inferInsert;
