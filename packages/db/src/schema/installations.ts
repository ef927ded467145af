import { bigint, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { createdAt, id, timestamptz, updatedAt } from './columns.js';
import { workspaceId } from './workspaces.js';

/** A Slack app installation; a Slack team maps to exactly one workspace. */
export const slackInstallations = pgTable(
  'slack_installations',
  {
    id: id(),
    workspaceId: workspaceId(),
    teamId: text('team_id').notNull().unique('slack_installations_team_id_unique'),
    teamName: text('team_name'),
    botUserId: text('bot_user_id').notNull(),
    botTokenEnc: text('bot_token_enc').notNull(),
    installedByUserId: uuid('installed_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('slack_installations_workspace_id_idx').on(t.workspaceId)],
);

/** A GitHub App installation; an installation maps to exactly one workspace. */
export const githubInstallations = pgTable(
  'github_installations',
  {
    id: id(),
    workspaceId: workspaceId(),
    /** GitHub's numeric id; far below 2^53, so a JS number is exact. */
    installationId: bigint('installation_id', { mode: 'number' })
      .notNull()
      .unique('github_installations_installation_id_unique'),
    accountLogin: text('account_login').notNull(),
    /** Set while the account has suspended the app (webhook `installation.suspend`). */
    suspendedAt: timestamptz('suspended_at'),
    installedByUserId: uuid('installed_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('github_installations_workspace_id_idx').on(t.workspaceId)],
);

export type SlackInstallation = typeof slackInstallations.$inferSelect;
export type NewSlackInstallation = typeof slackInstallations.$inferInsert;
export type GithubInstallation = typeof githubInstallations.$inferSelect;
export type NewGithubInstallation = typeof githubInstallations.$inferInsert;
