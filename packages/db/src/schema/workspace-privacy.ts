import { boolean, pgTable } from 'drizzle-orm/pg-core';
import { updatedAt } from './columns.js';
import { workspaceId } from './workspaces.js';

/**
 * A workspace's privacy choices. No row means the defaults (mask personal
 * data before it reaches a model provider).
 */
export const workspacePrivacySettings = pgTable('workspace_privacy_settings', {
  workspaceId: workspaceId().primaryKey(),
  maskPersonalData: boolean('mask_personal_data').notNull().default(true),
  updatedAt: updatedAt(),
});
