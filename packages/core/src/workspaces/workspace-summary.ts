import type { MemberRole, WorkspaceType } from '@vibemonitor/contracts';

/** A workspace as one of its members sees it in a list. */
export interface WorkspaceSummary {
  id: string;
  name: string;
  type: WorkspaceType;
  /** The caller's role in it. */
  role: MemberRole;
  createdAt: Date;
}

/** One workspace with the facts its settings page shows. */
export interface WorkspaceDetails extends WorkspaceSummary {
  planId: string;
  memberCount: number;
  updatedAt: Date;
}

/** Workspace names are shown in emails and lists: trimmed, 1-100 characters. */
export const WORKSPACE_NAME_MAX = 100;
