/**
 * Named limits. Each has its own budget per subject (an IP, an email, a
 * workspace id); see create-rate-limiter.ts for the numbers.
 */
export type RateLimitName =
  | 'login_ip'
  | 'login_email'
  | 'register_ip'
  | 'register_email'
  | 'forgot_password_ip'
  | 'forgot_password_email'
  | 'reset_password_ip'
  | 'system_ping_ip'
  | 'server_llm_workspace'
  | 'email_send_user'
  | 'workspace_api'
  | 'alert_endpoint'
  | 'alert_auth_failure_ip'
  | 'security_event_log';

export interface RateLimiter {
  /**
   * Spends one point of `name` for `subject`.
   * @throws AppError('TOO_MANY_REQUESTS', ..., { retryAfterSeconds }) when the budget is spent.
   */
  consume(name: RateLimitName, subject: string): Promise<void>;
  /** Clears a subject's counter (e.g. the per-email login limit after a successful login). */
  reset(name: RateLimitName, subject: string): Promise<void>;
}
