import type { RateLimitName } from './rate-limiter.js';

export interface RateLimitRule {
  points: number;
  durationSeconds: number;
  /** Shown to people who hit it. */
  label: string;
}

/**
 * Budgets per subject. Sign-in limits are tight enough to slow credential
 * stuffing and loose enough for a team behind one NAT address.
 */
export const rateLimitRules: Record<RateLimitName, RateLimitRule> = {
  login_ip: { points: 30, durationSeconds: 15 * 60, label: 'sign-in attempts from this network' },
  login_email: { points: 10, durationSeconds: 15 * 60, label: 'sign-in attempts for this account' },
  register_ip: { points: 10, durationSeconds: 60 * 60, label: 'sign-ups from this network' },
  register_email: {
    points: 5,
    durationSeconds: 60 * 60,
    label: 'sign-up attempts for this address',
  },
  forgot_password_ip: {
    points: 10,
    durationSeconds: 60 * 60,
    label: 'password reset requests from this network',
  },
  forgot_password_email: {
    points: 3,
    durationSeconds: 60 * 60,
    label: 'password reset emails for this address',
  },
  // Each reset attempt costs an argon2id hash (19 MiB, ~50 ms of CPU): cap them per network.
  reset_password_ip: {
    points: 20,
    durationSeconds: 60 * 60,
    label: 'password reset attempts from this network',
  },
  // Investigations on the server's shared LLM key (workspaces with their own key are exempt).
  server_llm_workspace: {
    points: 30,
    durationSeconds: 60 * 60,
    label:
      "investigations on this server's AI model for this workspace (add your own model key in the LLM settings to lift this limit)",
  },
  // system.ping is public (a deployment check) but enqueues a job: keep it cheap to abuse.
  system_ping_ip: {
    points: 60,
    durationSeconds: 60,
    label: 'ping requests from this network',
  },
  email_send_user: {
    points: 5,
    durationSeconds: 60 * 60,
    label: 'emails requested by this account',
  },
  workspace_api: { points: 1200, durationSeconds: 60, label: 'API requests for this workspace' },
  // Alertmanager repeats a group every repeat_interval (hours) and batches by group_interval
  // (minutes): 120 a minute is far above a healthy sender and stops a loop from flooding us.
  alert_endpoint: { points: 120, durationSeconds: 60, label: 'alerts posted to this endpoint' },
  alert_auth_failure_ip: {
    points: 30,
    durationSeconds: 15 * 60,
    label: 'alert deliveries with wrong credentials from this network',
  },
  // Not a limit on people: at most one security_events row per refused limit
  // and subject per window, so a flood of refused requests is not a flood of inserts.
  security_event_log: { points: 1, durationSeconds: 15 * 60, label: 'logged security events' },
};
