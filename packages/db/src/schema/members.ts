import { index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { createdAt, enumCheck, id, lowercaseCheck, timestamptz, updatedAt } from './columns.js';
import { membershipRoles } from './enums.js';
import { workspaceId } from './workspaces.js';

export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: membershipRoles }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Leads with workspace_id, so it doubles as the tenant index.
    unique('memberships_workspace_user_unique').on(t.workspaceId, t.userId),
    index('memberships_user_id_idx').on(t.userId),
    enumCheck('memberships_role_check', t.role, membershipRoles),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    workspaceId: workspaceId(),
    /** Lowercased, like users.email, so accepting matches by exact comparison. */
    email: text('email').notNull(),
    role: text('role', { enum: membershipRoles }).notNull(),
    tokenHash: text('token_hash').notNull().unique('invitations_token_hash_unique'),
    invitedByUserId: uuid('invited_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamptz('expires_at').notNull(),
    acceptedAt: timestamptz('accepted_at'),
    declinedAt: timestamptz('declined_at'),
    revokedAt: timestamptz('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [
    // One invitation row per (workspace, email): re-inviting updates it. Doubles as the tenant index.
    unique('invitations_workspace_email_unique').on(t.workspaceId, t.email),
    index('invitations_email_idx').on(t.email),
    enumCheck('invitations_role_check', t.role, membershipRoles),
    lowercaseCheck('invitations_email_lowercase', t.email),
  ],
);

export type Membership = typeof memberships.$inferSelect;
export type NewMembership = typeof memberships.$inferInsert;
export type Invitation = typeof invitations.$inferSelect;
export type NewInvitation = typeof invitations.$inferInsert;
