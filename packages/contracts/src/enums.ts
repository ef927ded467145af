import { z } from 'zod';

export const workspaceTypeSchema = z.enum(['personal', 'team']);
export type WorkspaceType = z.infer<typeof workspaceTypeSchema>;

/** Roles in a workspace, weakest first. */
export const memberRoles = ['user', 'owner'] as const;
export const memberRoleSchema = z.enum(memberRoles);
export type MemberRole = z.infer<typeof memberRoleSchema>;

/** True when `role` grants at least `minRole`. */
export function roleAtLeast(role: MemberRole, minRole: MemberRole): boolean {
  return memberRoles.indexOf(role) >= memberRoles.indexOf(minRole);
}

export const turnStatusSchema = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']);
/** Who asked: a person in the console or the API, a Slack message, or an incoming alert. */
export const turnSourceSchema = z.enum(['chat', 'slack', 'alert']);
export type TurnSource = z.infer<typeof turnSourceSchema>;
export type TurnStatus = z.infer<typeof turnStatusSchema>;

export const planIdSchema = z.enum(['free', 'pro']);
export type PlanId = z.infer<typeof planIdSchema>;
