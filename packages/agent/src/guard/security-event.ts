/** A security-relevant event of an investigation, stored by the worker (security_events). */
export interface InvestigationSecurityEvent {
  kind: 'prompt_injection_blocked' | 'prompt_injection_neutralized';
  workspaceId: string;
  turnId: string;
  detail: Record<string, unknown>;
}

export type SecurityEventRecorder = (event: InvestigationSecurityEvent) => Promise<void>;
